import HTTPTypes
import Hummingbird
import NamespaceProbe

/// The HTTP surface. Handlers only hand out bytes already prepared by the
/// sampler service; none of them touches /proc.
public enum HTTPRoutes {
    public static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"
    public static let openMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8"

    /// `probes`: nil when probing is off (`--no-probes`); `timeoutOffset` is
    /// taken off Prometheus' scrape timeout, as blackbox_exporter does;
    /// `maxRequests`: requests served at once (0: no limit), more get 503;
    /// `web`: basic auth, response headers and rate limit from `--web.config.file`.
    public static func router(
        state: ExporterState, probes: ProbeRunner? = nil, timeoutOffset: Duration = .milliseconds(500), maxRequests: Int = 40,
        web: WebConfig = WebConfig()
    ) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: WebPolicyMiddleware(config: web))
        router.add(middleware: RequestBodyRefusal())
        router.add(middleware: BasicAuthMiddleware(config: web))
        router.add(middleware: RequestLimitMiddleware(limit: maxRequests))
        router.get("/") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: LandingPage.html)))
        }
        router.get("/metrics") { request, _ in
            state.scrapes.noteScrape()
            let published = state.published
            let openMetrics = Negotiation.wantsOpenMetrics(request)
            return Negotiation.respond(
                openMetrics ? published.openMetrics : published.metrics,
                contentType: openMetrics ? openMetricsContentType : metricsContentType, to: request)
        }
        router.get("/snapshot.json") { request, _ in
            state.scrapes.noteScrape()
            let published = state.published
            let body: PreparedBody
            switch snapshotBody(published, request) {
            case .success(let prepared): body = prepared
            case .failure(let invalid): return text(.badRequest, "\(invalid)\n")
            }
            return Negotiation.respond(body, contentType: "application/json", to: request)
        }
        router.get("/snapshot.json.gz") { request, _ in
            state.scrapes.noteScrape()
            switch snapshotBody(state.published, request) {
            case .success(let body): return Negotiation.respond(body, contentType: "application/gzip", to: request, alwaysGzip: true)
            case .failure(let invalid): return text(.badRequest, "\(invalid)\n")
            }
        }
        router.get("/events") { request, _ in
            Negotiation.respond(state.published.events, contentType: "application/json", to: request)
        }
        UIRoutes.add(to: router)
        router.get("/probe") { request, _ in
            guard let probes else { return text(.notFound, "probing is disabled (--no-probes)\n") }
            let query = request.uri.queryParameters
            let module = query["module"].map(String.init) ?? "all"
            var timeout: Duration?
            if let header = request.headers[scrapeTimeoutHeader] {
                guard let seconds = Double(header), seconds.isFinite, seconds > 0 else {
                    return text(.badRequest, "invalid \(scrapeTimeoutHeader): \(header)\n")
                }
                timeout = .nanoseconds(Int64(seconds * 1e9)) - timeoutOffset
                guard timeout! > .zero else {
                    return text(.badRequest, "\(scrapeTimeoutHeader) \(header) leaves no time after the \(timeoutOffset.seconds)s offset\n")
                }
            }
            do throws(ProbeRunner.Rejection) {
                let result = try await probes.run(module: module, target: query["target"].map(String.init), timeout: timeout)
                return Response(
                    status: .ok, headers: [.contentType: metricsContentType],
                    body: .init(byteBuffer: ByteBuffer(string: ProbeExposition.render(result))))
            } catch {
                switch error {
                case .unknownModule, .badRequest: return text(.badRequest, "\(error)\n")
                case .busy, .overBudget:
                    var response = text(.tooManyRequests, "\(error)\n")
                    response.headers[.retryAfter] = "1"
                    return response
                }
            }
        }
        router.get("/healthz") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "OK\n")))
        }
        return router
    }

    static let scrapeTimeoutHeader = HTTPField.Name("X-Prometheus-Scrape-Timeout-Seconds")!

    /// The sample's prepared snapshot, or for a filtered request the
    /// filtered document (made for this request: it names its own subset).
    private static func snapshotBody(_ published: ExporterState.Published, _ request: Request) -> Result<PreparedBody, SnapshotFilter.Invalid> {
        let query = request.uri.queryParameters.map { (name: String($0.key), value: String($0.value)) }
        do {
            let filter = try SnapshotFilter(query: query)
            guard !filter.isEmpty, let document = published.document else { return .success(published.snapshotJSON) }
            return .success(PreparedBody(document.json(filter: filter), etag: "\"s\(published.sample)-\(filter.tag)\""))
        } catch {
            return .failure(error)
        }
    }

    private static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
