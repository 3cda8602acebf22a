@testable import NamespaceExporter
import Testing

/// exporter-toolkit's web configuration, parsed from literals: what it
/// accepts, and a clear message for everything it refuses.
struct WebConfigTests {
    static let hash = "$2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG"

    @Test func readsAnExporterToolkitFile() throws {
        let config = try WebConfig.parse("""
            tls_server_config:
              cert_file: /etc/ne/cert.pem
              key_file: /etc/ne/key.pem
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: /etc/ne/ca.pem
              min_version: TLS13
              cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305]
              prefer_server_cipher_suites: true
              curve_preferences: [X25519, CurveP256]
            http_server_config:
              http2: true
              headers:
                X-Frame-Options: deny
                X-Content-Type-Options: nosniff
                Content-Security-Policy: ""
            basic_auth_users:
              alice: \(Self.hash)
            probe_basic_auth_users:
              prober: \(Self.hash)
            rate_limit:
              interval: 1s
              burst: 10
            """)
        let tls = try #require(config.tls)
        #expect(tls.certificate == .file("/etc/ne/cert.pem") && tls.key == .file("/etc/ne/key.pem"))
        #expect(tls.clientAuth == .requireAndVerify && tls.clientCA == .file("/etc/ne/ca.pem"))
        #expect(tls.minVersion == 0x0304 && tls.maxVersion == 0x0304)
        #expect(tls.cipherSuites == [0xC02F, 0xCCA8] && tls.curves == [0x1D, 0x17])
        #expect(config.headers.map(\.name) == ["X-Content-Type-Options", "X-Frame-Options"])
        #expect(Array(config.users.keys) == ["alice"])
        #expect(Array(config.users(for: "/metrics").keys) == ["alice"])
        #expect(Array(config.users(for: "/probe").keys) == ["prober"])
        #expect(config.users(for: "/healthz").isEmpty)
        #expect(config.rateLimit == WebConfig.RateLimit(interval: .seconds(1), burst: 10))
    }

    @Test func anEmptyFileOrNoCertificateMeansPlainHTTP() throws {
        #expect(try WebConfig.parse("").tls == nil)
        #expect(try WebConfig.parse("tls_server_config: {}\n").tls == nil)
        #expect(try WebConfig.parse("rate_limit: {interval: 0s}\n").rateLimit == nil)
    }

    @Test(arguments: [
        ("basic_auth_users:\n  alice: secret\n", "basic_auth_users.alice: not a bcrypt hash"),
        ("basic_auth_user:\n  alice: x\n", "unknown field \"basic_auth_user\""),
        ("tls_server_config:\n  cert_file: a\n", "key_file (or key) is missing"),
        ("tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: Always\n", "client_auth_type: want one of NoClientCert"),
        ("tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: RequireAndVerifyClientCert\n", "needs client_ca_file"),
        ("tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS14\n", "min_version: want TLS10"),
        ("tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS13\n  max_version: TLS12\n", "min_version is above max_version"),
        ("tls_server_config:\n  cert_file: a\n  key_file: b\n  cipher_suites: [RC4]\n", "unknown cipher suite \"RC4\""),
        ("tls_server_config:\n  cert_file: a\n  cert: b\n  key_file: c\n", "give cert or cert_file, not both"),
        ("tls_server_config:\n  cert_file: a\n  key_file: b\n  client_allowed_sans: [x]\n", "client_allowed_sans is not supported"),
        ("http_server_config:\n  headers:\n    X-Frame-Options: allow\n", "X-Frame-Options: want deny or sameorigin"),
        ("http_server_config:\n  headers:\n    Set-Cookie: a\n", "unknown field \"Set-Cookie\""),
        ("rate_limit: {interval: 1s, burst: 0}\n", "rate_limit.burst: want at least 1"),
        ("rate_limit: {interval: soon}\n", "rate_limit.interval"),
        ("basic_auth_users: [alice]\n", "basic_auth_users: want a mapping"),
        ("tls_server_config: [\n", "not valid YAML"),
    ])
    func refusesWithAClearMessage(_ yaml: String, _ message: String) {
        #expect(throws: ConfigError.self) { try WebConfig.parse(yaml) }
        do {
            _ = try WebConfig.parse(yaml)
        } catch {
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test func bcryptHashesAreCheckedByLibxcrypt() throws {
        let made = try #require(PasswordHash.make("correct horse", cost: 4))
        #expect(made.text.hasPrefix("$2b$04$"))
        #expect(made.matches("correct horse"))
        #expect(!made.matches("correct horse "))
        #expect(!made.matches(""))
        #expect(throws: PasswordHash.Invalid.self) { try PasswordHash("$2y$10$short") }
        #expect(throws: PasswordHash.Invalid.self) { try PasswordHash("$1$" + String(repeating: "a", count: 57)) }
    }
}
