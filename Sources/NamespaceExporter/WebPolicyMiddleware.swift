import HTTPTypes
import Hummingbird
import Synchronization

/// `http_server_config.headers` on every response, and exporter-toolkit's
/// `rate_limit`: a token bucket of `burst` requests refilled one per
/// `interval`; past it, 429.
struct WebPolicyMiddleware<Context: RequestContext>: RouterMiddleware {
    let headers: [(name: HTTPField.Name, value: String)]
    private let bucket: TokenBucket?

    init(config: WebConfig) {
        headers = config.headers.compactMap { header in HTTPField.Name(header.name).map { ($0, header.value) } }
        bucket = config.rateLimit.map(TokenBucket.init)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        if let bucket, !bucket.take() {
            response = Response(
                status: .tooManyRequests, headers: [.contentType: "text/plain; charset=utf-8", .retryAfter: "1"],
                body: .init(byteBuffer: ByteBuffer(string: "Too Many Requests (rate_limit)\n")))
        } else {
            response = try await next(request, context)
        }
        for header in headers { response.headers[header.name] = header.value }
        return response
    }

    final class TokenBucket: Sendable {
        private let limit: WebConfig.RateLimit
        private let state: Mutex<(tokens: Double, at: ContinuousClock.Instant)>

        init(_ limit: WebConfig.RateLimit) {
            self.limit = limit
            state = Mutex((Double(limit.burst), .now))
        }

        func take() -> Bool {
            state.withLock { state in
                let now = ContinuousClock.now
                let refill = (now - state.at) / limit.interval
                state = (min(Double(limit.burst), state.tokens + refill), now)
                guard state.tokens >= 1 else { return false }
                state.tokens -= 1
                return true
            }
        }
    }
}
