import HTTPTypes
import Hummingbird
import NamespaceKit

/// What a client asked for (`Accept`, `Accept-Encoding`, `If-None-Match`)
/// and the response that gives it a prepared body.
enum Negotiation {
    /// `Accept: application/openmetrics-text` (Prometheus sends it first).
    static func wantsOpenMetrics(_ request: Request) -> Bool {
        offers(request.headers[.accept], "application/openmetrics-text")
    }

    static func acceptsGzip(_ request: Request) -> Bool {
        offers(request.headers[.acceptEncoding], "gzip")
    }

    /// Whether a comma-separated header lists `token` without `q=0`.
    static func offers(_ header: String?, _ token: String) -> Bool {
        guard let header else { return false }
        return header.split(separator: ",").contains { item in
            let parts = item.split(separator: ";").map { $0.trimmingSpaces }
            guard parts.first?.lowercased() == token else { return false }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
    }

    /// `body`, gzip'd if the client accepts it (or always, for a `.gz`
    /// resource); `304 Not Modified` when `If-None-Match` names it.
    static func respond(_ body: PreparedBody, contentType: String, to request: Request, alwaysGzip: Bool = false) -> Response {
        let gzip = alwaysGzip || acceptsGzip(request)
        let etag = gzip ? body.gzipETag : body.etag
        var headers: HTTPFields = [.contentType: contentType, .eTag: etag]
        if !alwaysGzip { headers[.vary] = "Accept, Accept-Encoding" }
        if let match = request.headers[.ifNoneMatch], match == "*" || match.split(separator: ",").contains(where: { $0.trimmingSpaces == etag }) {
            return Response(status: .notModified, headers: headers)
        }
        if gzip && !alwaysGzip { headers[.contentEncoding] = "gzip" }
        return Response(status: .ok, headers: headers, body: gzip ? .init(byteBuffer: body.gzip) : .init(contentsOf: body.plain))
    }
}
