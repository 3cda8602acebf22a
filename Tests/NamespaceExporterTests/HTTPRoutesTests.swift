import Hummingbird
import HummingbirdTesting
import NamespaceKit
import Testing
@testable import NamespaceExporter

/// The routes in-process: each hands out what the state holds, nothing more.
struct HTTPRoutesTests {
    func app() -> some ApplicationProtocol {
        let state = ExporterState()
        state.publish(.init(metrics: "linux_namespaces{type=\"net\"} 1\n"))
        return Application(router: HTTPRoutes.router(state: state))
    }

    @Test func metricsServesThePublishedBody() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == HTTPRoutes.metricsContentType)
                #expect(String(buffer: response.body) == "linux_namespaces{type=\"net\"} 1\n")
            }
        }
    }

    @Test func landingPageHealthAndNotFound() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("href=\"metrics\""))
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/nope", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/metrics", method: .post) { response in
                #expect(response.status != .ok)
            }
        }
    }
}
