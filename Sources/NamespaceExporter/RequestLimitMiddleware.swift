import Hummingbird
import Synchronization

/// `--web.max-requests`: at most this many requests are served at once (as
/// node_exporter's flag); beyond it, `503 Service Unavailable` at once
/// instead of a queue that grows. `/healthz` and `/` are not counted: a
/// busy exporter is still alive.
struct RequestLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limit: Int
    private let inFlight = InFlight()

    init(limit: Int) {
        self.limit = limit
    }

    final class InFlight: Sendable {
        let count = Atomic<Int>(0)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard limit > 0, request.uri.path != "/healthz", request.uri.path != "/" else {
            return try await next(request, context)
        }
        let now = inFlight.count.add(1, ordering: .relaxed).newValue
        defer { inFlight.count.subtract(1, ordering: .relaxed) }
        guard now <= limit else {
            return Response(
                status: .serviceUnavailable,
                headers: [.contentType: "text/plain; charset=utf-8", .retryAfter: "1"],
                body: .init(byteBuffer: ByteBuffer(string: "too many requests at once (--web.max-requests=\(limit)); try again later\n")))
        }
        return try await next(request, context)
    }
}
