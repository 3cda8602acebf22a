/// `--web.config.file`: exporter-toolkit's web configuration (TLS, mTLS,
/// basic auth, response headers, rate limit), so the file a node_exporter
/// or blackbox_exporter runs with works here unchanged. One addition:
/// `probe_basic_auth_users`, the users allowed on `/probe` (it creates
/// namespaces), which may differ from those allowed on everything else.
///
/// Read once at start; a bad file stops the start with its message.
public struct WebConfig: Sendable {
    public var tls: TLS?
    /// User → bcrypt hash; empty: no authentication.
    public var users: [String: PasswordHash] = [:]
    /// For `/probe`; nil: the same as `users`.
    public var probeUsers: [String: PasswordHash]?
    /// Response headers from `http_server_config.headers`.
    public var headers: [(name: String, value: String)] = []
    /// `rate_limit`: at most `burst` requests at once, refilled one per `interval`.
    public var rateLimit: RateLimit?

    public struct TLS: Sendable {
        public enum Source: Sendable, Equatable {
            case file(String)
            case inline(String)
        }

        /// Go's `tls.ClientAuthType` names.
        public enum ClientAuth: String, Sendable, CaseIterable {
            case none = "NoClientCert"
            case request = "RequestClientCert"
            case requireAny = "RequireAnyClientCert"
            case verifyIfGiven = "VerifyClientCertIfGiven"
            case requireAndVerify = "RequireAndVerifyClientCert"
        }

        public var certificate: Source
        public var key: Source
        public var clientAuth: ClientAuth = .none
        public var clientCA: Source?
        /// IANA versions: 0x0301 (TLS 1.0) … 0x0304 (TLS 1.3).
        public var minVersion: UInt16 = 0x0303
        public var maxVersion: UInt16 = 0x0304
        /// IANA cipher suite codes for TLS ≤ 1.2; empty: the library's defaults.
        public var cipherSuites: [UInt16] = []
        /// IANA group codes; empty: the library's defaults.
        public var curves: [UInt16] = []
    }

    public struct RateLimit: Sendable, Equatable {
        public var interval: Duration
        public var burst: Int
    }

    public init() {}

    /// Whether `path` needs a user, and which users may use it.
    public func users(for path: String) -> [String: PasswordHash] {
        if path == "/healthz" { return [:] }  // liveness probes carry no credentials; it says only "OK"
        if path == "/probe" { return probeUsers ?? users }
        return users
    }
}

extension WebConfig {
    public static func load(path: String) throws(ConfigError) -> WebConfig {
        let document = try StrictYAML.load(path: path)
        do {
            return try parse(document)
        } catch {
            throw ConfigError("\(path): \(error)")
        }
    }

    public static func parse(_ text: String) throws(ConfigError) -> WebConfig {
        try parse(StrictYAML.parse(text))
    }

    static func parse(_ document: YAMLNode?) throws(ConfigError) -> WebConfig {
        var config = WebConfig()
        guard let document else { return config }
        let root = try StrictYAML.mapping(document, at: "the document", keys: [
            "tls_server_config", "http_server_config", "basic_auth_users", "probe_basic_auth_users", "rate_limit",
        ])
        if let tls = root["tls_server_config"] { config.tls = try tlsSettings(tls) }
        if let http = root["http_server_config"] { config.headers = try headers(http) }
        if let users = root["basic_auth_users"] { config.users = try self.users(users, at: "basic_auth_users") }
        if let users = root["probe_basic_auth_users"] { config.probeUsers = try self.users(users, at: "probe_basic_auth_users") }
        if let limit = root["rate_limit"] { config.rateLimit = try rateLimit(limit) }
        return config
    }

    private static func users(_ value: YAMLNode, at: String) throws(ConfigError) -> [String: PasswordHash] {
        var users: [String: PasswordHash] = [:]
        for (name, hash) in try StrictYAML.mapping(value, at: at, keys: nil) {
            guard !name.isEmpty, !name.contains(":") else { throw ConfigError("\(at): user name \"\(name)\" is empty or has a colon") }
            do {
                users[name] = try PasswordHash(try StrictYAML.scalar(hash, at: "\(at).\(name)"))
            } catch let invalid as PasswordHash.Invalid {
                throw ConfigError("\(at).\(name): \(invalid)")
            } catch {
                throw error as! ConfigError
            }
        }
        return users
    }

    /// exporter-toolkit accepts only these, with these values.
    static let allowedHeaders: [String: Set<String>?] = [
        "Strict-Transport-Security": nil, "X-Content-Type-Options": ["nosniff"], "X-Frame-Options": ["deny", "sameorigin"],
        "X-XSS-Protection": nil, "Content-Security-Policy": nil,
    ]

    private static func headers(_ value: YAMLNode) throws(ConfigError) -> [(name: String, value: String)] {
        let fields = try StrictYAML.mapping(value, at: "http_server_config", keys: ["http2", "headers"])
        if let http2 = fields["http2"] { _ = try StrictYAML.bool(http2, at: "http_server_config.http2") }  // HTTP/1.1 is served either way
        guard let map = fields["headers"] else { return [] }
        let at = "http_server_config.headers"
        var headers: [(name: String, value: String)] = []
        for (name, value) in try StrictYAML.mapping(map, at: at, keys: Set(allowedHeaders.keys)).sorted(by: { $0.key < $1.key }) {
            let text = try StrictYAML.scalar(value, at: "\(at).\(name)")
            if text.isEmpty { continue }
            if let allowed = allowedHeaders[name] ?? nil, !allowed.contains(text.lowercased()) {
                throw ConfigError("\(at).\(name): want \(allowed.sorted().joined(separator: " or ")), got \"\(text)\"")
            }
            guard !text.contains(where: { $0 == "\r" || $0 == "\n" }) else { throw ConfigError("\(at).\(name): a header value is one line") }
            headers.append((name, text))
        }
        return headers
    }

    private static func rateLimit(_ value: YAMLNode) throws(ConfigError) -> RateLimit? {
        let fields = try StrictYAML.mapping(value, at: "rate_limit", keys: ["interval", "burst"])
        let interval: Duration
        do {
            interval = try DurationParser.parse(try fields["interval"].map { v throws(ConfigError) in try StrictYAML.scalar(v, at: "rate_limit.interval") } ?? "0s")
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError("rate_limit.interval: \(error)")
        }
        let burst = try fields["burst"].map { v throws(ConfigError) in try StrictYAML.scalar(v, at: "rate_limit.burst") }.map(Int.init) ?? 0
        guard let burst, burst >= 0 else { throw ConfigError("rate_limit.burst: want a whole number, 0 or more") }
        guard interval > .zero else { return nil }  // exporter-toolkit: interval 0 turns it off
        guard burst > 0 else { throw ConfigError("rate_limit.burst: want at least 1 when an interval is set") }
        return RateLimit(interval: interval, burst: burst)
    }
}
