import HTTPTypes
import Hummingbird

/// Every endpoint is a GET: a request that announces a body gets 413 at
/// once, unread, and the connection closes (its bytes are not a request).
struct RequestBodyRefusal<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let length = request.headers[.contentLength]
        guard request.headers[.transferEncoding] != nil || (length != nil && length != "0") else {
            return try await next(request, context)
        }
        return Response(
            status: .contentTooLarge, headers: [.contentType: "text/plain; charset=utf-8", .connection: "close"],
            body: .init(byteBuffer: ByteBuffer(string: "request bodies are not accepted\n")))
    }
}
