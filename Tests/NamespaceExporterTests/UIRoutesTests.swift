import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NamespaceUI
import Testing
@testable import NamespaceExporter

/// The page's files in-process: served from the binary with a strict
/// Content-Security-Policy, every file the page names is there, and no
/// file holds what that policy exists to forbid.
struct UIRoutesTests {
    func app() -> some ApplicationProtocol { HTTPRoutesTests().app() }

    func text(_ name: String) -> String {
        String(decoding: UIAssets.files.first { $0.name == name }!.bytes, as: UTF8.self)
    }

    @Test func thePageIsServedWithAStrictPolicyGzipAndRevalidation() async throws {
        try await app().test(.router) { client in
            let etag = try await client.execute(uri: "/ui", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let policy = try #require(response.headers[.contentSecurityPolicy])
                #expect(policy.contains("default-src 'none'"))
                #expect(policy.contains("script-src 'self'"))
                #expect(!policy.contains("unsafe"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(String(buffer: response.body).contains("<script type=\"module\" src=\"ui/app.js\">"))
                return try #require(response.headers[.eTag])
            }
            try await client.execute(uri: "/ui", method: .get, headers: [.ifNoneMatch: etag]) { response in
                #expect(response.status == .notModified)
            }
            try await client.execute(uri: "/ui/app.js", method: .get, headers: [.acceptEncoding: "gzip"]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentEncoding] == "gzip")
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
            }
            try await client.execute(uri: "/ui/", method: .get) { response in
                #expect(response.status == .movedPermanently)
                #expect(response.headers[.location] == "../ui")
            }
            try await client.execute(uri: "/ui/nope.js", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains("href=\"ui\""))
            }
        }
    }

    /// Every `ui/…` the page links and every module a script imports is served, with its type.
    @Test func everyFileThePageNamesIsServed() async throws {
        var named = Set<String>()
        for match in text("index.html").matches(of: /(?:src|href)="ui\/([a-z.]+)"/) { named.insert(String(match.1)) }
        for file in UIAssets.files where file.name.hasSuffix(".js") {
            for match in text(file.name).matches(of: /from "\.\/([a-z]+\.js)"/) { named.insert(String(match.1)) }
        }
        #expect(named.isSuperset(of: ["app.js", "ui.css", "favicon.svg", "dom.js", "model.js", "views.js"]))
        let files = named
        try await app().test(.router) { client in
            for name in files {
                try await client.execute(uri: "/ui/\(name)", method: .get) { response in
                    #expect(response.status == .ok, "\(name)")
                    #expect(response.headers[.contentSecurityPolicy] != nil)
                }
            }
        }
    }

    /// What the policy forbids is not written in the first place: no inline
    /// script or handler, no markup built from strings, nothing from elsewhere.
    @Test func noFileHoldsInlineScriptMarkupFromStringsOrAForeignURL() {
        let html = text("index.html")
        #expect(html.matches(of: /<script(?![^>]*\ssrc=)[^>]*>/).isEmpty, "inline <script>")
        #expect(html.matches(of: /\son[a-z]+\s*=/).isEmpty, "inline handler")
        #expect(html.matches(of: /\sstyle\s*=/).isEmpty, "inline style")
        for file in UIAssets.files where file.name.hasSuffix(".js") {
            let source = text(file.name)
            for forbidden in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "DOMParser"] {
                #expect(!source.contains(forbidden), "\(file.name) uses \(forbidden)")
            }
        }
        for file in UIAssets.files where file.name != "favicon.svg" {
            #expect(!text(file.name).contains("http://") && !text(file.name).contains("https://"), "\(file.name) names a URL elsewhere")
        }
    }

    @Test func eventsCarryCountersAndRevalidate() async throws {
        try await app().test(.router) { client in
            let etag = try await client.execute(uri: "/events", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).hasPrefix("{\"counters\":"))
                return try #require(response.headers[.eTag])
            }
            try await client.execute(uri: "/events", method: .get, headers: [.ifNoneMatch: etag]) { response in
                #expect(response.status == .notModified)
            }
        }
    }
}
