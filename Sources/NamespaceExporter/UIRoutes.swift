import HTTPTypes
import Hummingbird
import NamespaceUI

/// `GET /ui` and its files: bytes compiled in, gzip'd on first request and
/// kept, served under a Content-Security-Policy that lets the page run only
/// this exporter's own scripts and styles and talk only to it: no inline
/// script, no `eval`, nothing fetched from elsewhere.
enum UIRoutes {
    static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "connect-src 'self'",
        "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!

    struct Asset: Sendable {
        let body: PreparedBody
        let contentType: String
    }

    /// Each file by the path it is served at: `index.html` at `/ui`, the rest under `/ui/`.
    static let assets: [String: Asset] = Dictionary(
        uniqueKeysWithValues: UIAssets.files.map { file in
            let path = file.name == "index.html" ? "/ui" : "/ui/\(file.name)"
            let bytes = ByteBuffer(bytes: file.bytes)
            return (path, Asset(body: PreparedBody(etag: "\"ui-\(fnv1a(file.bytes))\"", chunks: { [bytes] }), contentType: file.contentType))
        })

    static func add(to router: Router<BasicRequestContext>) {
        router.get("/ui") { request, _ in
            // The page names its files relative to /ui: from /ui/ (the same route here) they would resolve one level too deep.
            if request.uri.path.hasSuffix("/") { return Response(status: .movedPermanently, headers: [.location: "../ui"]) }
            return respond(assets["/ui"]!, to: request)
        }
        router.get("/ui/:file") { request, _ in
            guard let asset = assets[request.uri.path] else {
                return Response(
                    status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: "no such file under /ui\n")))
            }
            return respond(asset, to: request)
        }
    }

    private static func respond(_ asset: Asset, to request: Request) -> Response {
        var response = Negotiation.respond(asset.body, contentType: asset.contentType, to: request)
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.cacheControl] = "no-cache"
        response.headers[referrerPolicy] = "no-referrer"
        return response
    }

    /// A short name for a file's bytes, so that an upgraded binary's files are fetched again.
    static func fnv1a(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }
}
