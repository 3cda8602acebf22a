import Foundation
import Glibc
import NamespaceTestSupport
import Testing

/// `--web.config.file` on the real binary, with real clients: curl for TLS,
/// mTLS and basic auth, Python's bcrypt for the hashes.
@Suite(.serialized)
struct WebSecurityLiveTests {
    /// A CA, a server certificate for 127.0.0.1 signed by it, a client
    /// certificate signed by it, and a self-signed client certificate.
    final class PKI {
        let dir: String

        init() throws {
            guard let dir = TemporaryDirectory.make("nsexp-pki") else { throw ChildProcess.SpawnError(description: "mkdtemp failed") }
            self.dir = dir
            let script = """
                set -e; cd \(dir)
                key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $1.key 2>/dev/null; }
                key ca; openssl req -x509 -key ca.key -out ca.pem -days 2 -subj /CN=test-ca
                key server; openssl req -new -key server.key -out server.csr -subj /CN=127.0.0.1
                printf 'subjectAltName=IP:127.0.0.1' > san.ext
                openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile san.ext 2>/dev/null
                key client; openssl req -new -key client.key -out client.csr -subj /CN=prometheus
                openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 2 2>/dev/null
                key stranger; openssl req -x509 -key stranger.key -out stranger.pem -days 2 -subj /CN=stranger
                """
            let run = try Command.run(["sh", "-c", script])
            guard run.status == 0 else { throw ChildProcess.SpawnError(description: "openssl: \(run.output)") }
        }

        func path(_ name: String) -> String { "\(dir)/\(name)" }

        func write(_ name: String, _ text: String) throws -> String {
            try text.write(toFile: path(name), atomically: true, encoding: .utf8)
            return path(name)
        }

        func remove() {
            _ = try? Command.run(["rm", "-rf", dir])
        }
    }

    /// A bcrypt hash made by Python's bcrypt, not by the exporter.
    static func bcrypt(_ password: String) throws -> String {
        let run = try Command.run(["python3", "-c", "import bcrypt,sys; print(bcrypt.hashpw(sys.argv[1].encode(), bcrypt.gensalt(10)).decode())", password])
        return run.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func curl(_ arguments: [String]) throws -> (exit: Int32, code: String) {
        let run = try Command.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10"] + arguments)
        return (run.status, String(run.output.suffix(3)))
    }

    @Test func tlsNeedsTheCAAndMutualTLSNeedsAClientCertificate() throws {
        let pki = try PKI()
        defer { pki.remove() }
        let plain = try pki.write("tls.yml", "tls_server_config:\n  cert_file: \(pki.path("server.pem"))\n  key_file: \(pki.path("server.key"))\n")
        do {
            let server = try ExporterServer(["--web.config.file=\(plain)"])
            defer { #expect(server.process.killTree().isEmpty) }
            let url = "https://127.0.0.1:\(server.port)/metrics"
            #expect(try Self.curl(["--cacert", pki.path("ca.pem"), url]) == (0, "200"))
            #expect(try Self.curl([url]).exit == 60, "without the CA, curl must refuse the certificate")
            #expect(try Self.curl(["http://127.0.0.1:\(server.port)/metrics"]).code != "200", "plain HTTP must not be served")
            #expect(try Self.curl(["--cacert", pki.path("ca.pem"), "--tls-max", "1.1", url]).exit != 0, "TLS 1.1 is below the default min_version")
        }
        let mutual = try pki.write("mtls.yml", """
            tls_server_config:
              cert_file: \(pki.path("server.pem"))
              key_file: \(pki.path("server.key"))
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: \(pki.path("ca.pem"))
            """)
        let server = try ExporterServer(["--web.config.file=\(mutual)"])
        defer { #expect(server.process.killTree().isEmpty) }
        let url = "https://127.0.0.1:\(server.port)/metrics"
        let ca = ["--cacert", pki.path("ca.pem")]
        #expect(try Self.curl(ca + ["--cert", pki.path("client.pem"), "--key", pki.path("client.key"), url]) == (0, "200"))
        #expect(try Self.curl(ca + [url]).code != "200", "a client without a certificate must be refused")
        #expect(try Self.curl(ca + ["--cert", pki.path("stranger.pem"), "--key", pki.path("stranger.key"), url]).code != "200",
                "a certificate from another CA must be refused")
    }

    /// Wrong password 401, right 200; /probe has users of its own; headers
    /// from the file on every response; the rate limit answers 429.
    @Test(.disabled(if: Sanitizer.active, "probe children cannot run under a sanitizer runtime")) func basicAuthAndHeaders() throws {
        let pki = try PKI()
        defer { pki.remove() }
        let config = try pki.write("auth.yml", """
            http_server_config:
              headers:
                X-Frame-Options: deny
                X-Content-Type-Options: nosniff
            basic_auth_users:
              alice: '\(try Self.bcrypt("wonderland"))'
            probe_basic_auth_users:
              prober: '\(try Self.bcrypt("namespaces"))'
            """)
        let server = try ExporterServer(["--web.config.file=\(config)"])
        defer { #expect(server.process.killTree().isEmpty) }
        let metrics = "\(server.url)/metrics"
        #expect(try Self.curl([metrics]).code == "401")
        #expect(try Self.curl(["-u", "alice:wrong", metrics]).code == "401")
        #expect(try Self.curl(["-u", "bob:wonderland", metrics]).code == "401")
        #expect(try Self.curl(["-u", "alice:wonderland", metrics]).code == "200")
        #expect(try Self.curl(["-u", "alice:wonderland", metrics]).code == "200")  // the remembered credential
        #expect(try Self.curl(["-u", "alice:wonderland", "\(server.url)/probe?module=uts"]).code == "401")
        #expect(try Self.curl(["-u", "prober:namespaces", "\(server.url)/probe?module=uts"]).code == "200")
        #expect(try Self.curl(["-u", "prober:namespaces", metrics]).code == "401")
        #expect(try Self.curl(["\(server.url)/healthz"]).code == "200")
        let denied = try server.get("/metrics")
        #expect(denied.status == 401 && denied.headers.lowercased().contains("www-authenticate: basic"))
        #expect(denied.headers.contains("X-Frame-Options: deny") && denied.headers.contains("X-Content-Type-Options: nosniff"))

        // The exporter's own hash is accepted by Python's bcrypt: one format, both ways.
        let made = try Command.run([Binaries.namespaceExporter, "hash-password"], input: "wonderland\n").output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let check = try Command.run(["python3", "-c", "import bcrypt,sys; print(bcrypt.checkpw(b'wonderland', sys.argv[1].encode()))", made])
        #expect(check.output.contains("True"), "\(made) \(check.output)")
    }

    @Test func rateLimitAnswers429() throws {
        let pki = try PKI()
        defer { pki.remove() }
        let config = try pki.write("rate.yml", "rate_limit:\n  interval: 1m\n  burst: 3\n")
        let server = try ExporterServer(["--web.config.file=\(config)"])
        defer { #expect(server.process.killTree().isEmpty) }
        let codes = try (0..<5).map { _ in try Self.curl(["\(server.url)/metrics"]).code }
        #expect(codes == ["200", "200", "200", "429", "429"])
    }

    /// Config errors stop the start with a message naming the problem.
    @Test func badConfigFilesStopTheStartWithAMessage() throws {
        let pki = try PKI()
        defer { pki.remove() }
        let cases: [(String?, String)] = [
            (nil, "cannot read \(pki.path("missing.yml"))"),
            ("basic_auth_users: [\n", "not valid YAML"),
            ("basic_auth_users:\n  alice: wonderland\n", "basic_auth_users.alice: not a bcrypt hash"),
            ("tls_server_config:\n  cert_file: \(pki.path("server.pem"))\n  key_file: \(pki.path("nothing.key"))\n", "cannot load key_file"),
            ("tls_server_config:\n  cert_file: \(pki.path("server.pem"))\n  key_file: \(pki.path("client.key"))\n", "tls_server_config"),
        ]
        for (index, (yaml, message)) in cases.enumerated() {
            let path = try yaml.map { try pki.write("bad\(index).yml", $0) } ?? pki.path("missing.yml")
            let run = try Command.run([Binaries.namespaceExporter, "--web.listen-address=127.0.0.1:\(Loopback.freePort())", "--web.config.file=\(path)"])
            #expect(run.status != 0, "\(path) was accepted")
            #expect(run.output.contains(message), "\(run.output)")
        }
    }
}
