import Hummingbird

/// The HTTP surface. Handlers only hand out bytes already prepared by the
/// sampler service; none of them touches /proc.
public enum HTTPRoutes {
    public static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    public static func router(state: ExporterState) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: LandingPage.html)))
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: metricsContentType],
                body: .init(byteBuffer: state.published.metrics))
        }
        router.get("/events") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: state.published.events))
        }
        router.get("/healthz") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "OK\n")))
        }
        return router
    }
}
