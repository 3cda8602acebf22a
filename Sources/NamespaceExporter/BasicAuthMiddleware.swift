import FoundationEssentials
import HTTPTypes
import Hummingbird
import Synchronization

/// exporter-toolkit's `basic_auth_users`: a request needs one of the users
/// allowed on its path (`WebConfig.users(for:)`), else 401. bcrypt costs
/// tens of milliseconds, so a credential that matched is remembered (as
/// exporter-toolkit does); a wrong one costs the full hash every time, and
/// so does an unknown user, so that timing does not tell users apart.
struct BasicAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let config: WebConfig
    private let verified = VerifiedCredentials()

    init(config: WebConfig) {
        self.config = config
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let users = config.users(for: request.uri.path)
        guard !users.isEmpty else { return try await next(request, context) }
        guard let (user, password) = Self.credentials(request.headers[.authorization]), allowed(user, password, users) else {
            return Response(
                status: .unauthorized,
                headers: [.contentType: "text/plain; charset=utf-8", .wwwAuthenticate: "Basic realm=\"namespace_exporter\""],
                body: .init(byteBuffer: ByteBuffer(string: "Unauthorized\n")))
        }
        return try await next(request, context)
    }

    private func allowed(_ user: String, _ password: String, _ users: [String: PasswordHash]) -> Bool {
        guard let hash = users[user] else {
            _ = PasswordHash.decoy.matches(password)
            return false
        }
        let key = "\(user)\u{0}\(hash.text)\u{0}\(password)"
        if verified.contains(key) { return true }
        guard hash.matches(password) else { return false }
        verified.insert(key)
        return true
    }

    /// `Authorization: Basic base64(user:password)`.
    static func credentials(_ header: String?) -> (String, String)? {
        guard let header, header.count < 4096 else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
              let data = Data(base64Encoded: String(parts[1])), let text = String(data: data, encoding: .utf8),
              let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// Credentials that matched; bounded, emptied when full.
    final class VerifiedCredentials: Sendable {
        private let keys = Mutex<Set<String>>([])

        func contains(_ key: String) -> Bool { keys.withLock { $0.contains(key) } }

        func insert(_ key: String) {
            keys.withLock {
                if $0.count >= 256 { $0.removeAll() }
                $0.insert(key)
            }
        }
    }
}
