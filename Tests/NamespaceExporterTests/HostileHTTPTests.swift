import Foundation
import Glibc
import NamespaceTestSupport
import Testing

/// Clients that do not play by the rules, with raw sockets: each gets a
/// clear answer or a closed connection, and the exporter keeps serving.
@Suite(.serialized)
struct HostileHTTPTests {
    static func hostile(_ arguments: [String]) throws -> [String: Any] {
        let run = try Command.run(["python3", Fixtures.path("Tests/Tools/hostile_http.py")] + arguments)
        return try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "\(run.output)")
    }

    static func raw(_ server: ExporterServer, _ bytes: String) throws -> [String: Any] {
        try hostile(["raw", "127.0.0.1", "\(server.port)", Array(bytes.utf8).map { String(format: "%02x", $0) }.joined()])
    }

    @Test func malformedAndOversizedRequestsGetClearAnswers() throws {
        let server = try ExporterServer(["--web.max-header-bytes=8192"])
        defer { #expect(server.process.killTree().isEmpty) }
        let cases: [(String, String)] = [
            ("GARBAGE\r\n\r\n", "HTTP/1.1 400"),
            ("GET /metrics HTTP/9.9\r\n\r\n", "HTTP/1.1 400"),
            ("GET /metrics HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", "HTTP/1.1 400"),
            ("\u{0}\u{1}\u{2}\u{ff}\r\n\r\n", "HTTP/1.1 400"),
            ("GET /\(String(repeating: "a", count: 10_000)) HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 414"),
            ("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 10_000))\r\n\r\n", "HTTP/1.1 431"),
            ("GET /metrics HTTP/1.1\r\nHost: x\r\n" + String(repeating: "X-Many: c\r\n", count: 1000) + "\r\n", "HTTP/1.1 431"),
            ("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", "HTTP/1.1 413"),
            ("POST /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "HTTP/1.1 413"),
            ("GET /snapshot.json?type=%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "HTTP/1.1 400"),
            ("GET /probe?module=%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "HTTP/1.1 400"),
        ]
        for (request, expected) in cases {
            let answer = try Self.raw(server, request)
            #expect((answer["status"] as? String ?? "").hasPrefix(expected), "\(request.prefix(60)): \(answer)")
            #expect(try server.get("/metrics").status == 200, "after \(request.prefix(60))")
        }
    }

    /// 10,000 query parameters: answered at once, as any other request;
    /// 10,000 with longer names pass --web.max-header-bytes: 414.
    @Test(.disabled(if: Sanitizer.active, "probe children cannot run under a sanitizer runtime")) func tenThousandQueryParameters() throws {
        let server = try ExporterServer([])
        defer { #expect(server.process.killTree().isEmpty) }
        let query = Array(repeating: "p=1", count: 10_000).joined(separator: "&")
        let started = ChildProcess.now()
        #expect(try server.get("/snapshot.json?\(query)").status == 200)  // unknown parameters are ignored
        let bogus = try server.get("/snapshot.json?" + Array(repeating: "type=bogus", count: 5_000).joined(separator: "&"))
        #expect(bogus.status == 400 && bogus.body.contains("bogus"), "\(bogus.status) \(bogus.body.prefix(200))")
        #expect(try server.get("/metrics?" + (0..<10_000).map { "param\($0)=1" }.joined(separator: "&")).status == 414)
        #expect(try server.get("/metrics?\(query)").status == 200)
        #expect(try server.get("/probe?module=uts&\(query)").status == 200)
        #expect(ChildProcess.now() - started < 10)
    }

    /// A client trickling a request head one byte a second is dropped at the
    /// idle timeout; another client keeps scraping at its usual latency.
    @Test func slowlorisIsDroppedWhileOthersAreServed() throws {
        let server = try ExporterServer(["--web.idle-timeout=3s"])
        defer { #expect(server.process.killTree().isEmpty) }
        let result = try Self.hostile(["slowloris", "127.0.0.1", "\(server.port)", "15"])
        let closedAfter = try #require(result["closed_after"] as? Double, "the trickling connection was never closed: \(result)")
        #expect(closedAfter >= 2.5 && closedAfter < 6, "\(result)")
        #expect(result["bad_status"] == nil, "\(result)")
        let baseline = try #require(result["baseline_max"] as? Double)
        let during = try #require(result["during_max"] as? Double)
        #expect((result["during_scrapes"] as? Int ?? 0) >= 5)
        #expect(during < max(0.5, 5 * baseline), "\(result)")
        #expect(kill(server.process.pid, 0) == 0)
    }
}
