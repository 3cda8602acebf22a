import Foundation
import Glibc
import NamespaceKit
import NamespaceTestSupport
import Testing

@testable import NamespaceProbe

/// `/probe` on the real binary: blackbox-style bodies, clear 400s, 429 past
/// the concurrency limit, a limit hit while it keeps serving, and a soak
/// after which the exporter holds exactly what it held before.
@Suite(.serialized, .disabled(if: Sanitizer.active, "probe children cannot run under a sanitizer runtime"))
struct ProbeLiveTests {
    static func writeConfig(_ yaml: String) throws -> String {
        let path = "/tmp/namespace-exporter-probes-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).yml"
        guard TextFile.write(yaml, to: path) else { throw ChildProcess.SpawnError(description: "cannot write \(path)") }
        return path
    }

    static func load(_ arguments: [String]) throws -> [String: Any] {
        let run = try Command.run(["python3", Fixtures.path("Tests/Tools/probe_load.py")] + arguments)
        return try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "\(run.output)")
    }

    @Test func servesProbesLikeBlackboxExporter() throws {
        let server = try ExporterServer(["--sample.interval=1s"])
        defer { #expect(server.process.killTree().isEmpty) }

        let probe = try server.get("/probe?module=uts")
        #expect(probe.status == 200)
        #expect(probe.headers.lowercased().contains("content-type: text/plain; version=0.0.4"))
        #expect(ExporterServer.value(of: "probe_success ", in: probe.body) == 1, "\(probe.body)")
        #expect(probe.body.contains("probe_namespace_check_success{check=\"uts_hostname_inside\"} 1"))
        for phase in ["enter", "setup", "check", "teardown"] {
            #expect(probe.body.contains("probe_namespace_phase_seconds{phase=\"\(phase)\"} "))
        }
        let promtool = try Command.run(["promtool", "check", "metrics"], input: probe.body)
        #expect(promtool.status == 0, "\(promtool.output)")

        let joined = try server.get("/probe?module=join_net&target=\(getpid())")
        #expect(ExporterServer.value(of: "probe_success ", in: joined.body) == 1, "\(joined.body)")
        #expect(joined.body.contains("probe_namespace_interface_up{interface=\"lo\"} 1"))

        // Prometheus' scrape timeout, less the 0.5 s offset, bounds the probe.
        let tight = try server.get("/probe?module=all", headers: ["X-Prometheus-Scrape-Timeout-Seconds: 0.5001"])
        #expect(tight.body.contains("probe_failure_info{reason=\"timeout\""), "\(tight.body)")

        for (query, message) in [
            ("module=nope", "unknown module \"nope\""),
            ("module=join_net", "needs a target"),
            ("module=join_net&target=blue", "is not a pid"),
            ("module=join_net&target=/etc/passwd", "neither in the netns directory"),
        ] {
            let response = try server.get("/probe?\(query)")
            #expect(response.status == 400, "\(query)")
            #expect(response.body.contains(message), "\(query): \(response.body)")
        }
        for header in ["abc", "0.4"] {
            let response = try server.get("/probe?module=uts", headers: ["X-Prometheus-Scrape-Timeout-Seconds: \(header)"])
            #expect(response.status == 400, "\(header): \(response.body)")
        }

        // The exporter's own counters reach /metrics with the next sample.
        Thread.sleep(forTimeInterval: 1.5)
        let metrics = try server.get("/metrics").body
        #expect(ExporterServer.value(of: "namespace_exporter_probes_total{module=\"uts\",result=\"success\"}", in: metrics) == 1)
        #expect(ExporterServer.value(of: "namespace_exporter_probes_total{module=\"all\",result=\"failure\"}", in: metrics) == 1)
        #expect(ExporterServer.value(of: "namespace_exporter_probe_creation_seconds_count{type=\"uts\"}", in: metrics) == 1)
        #expect(ExporterServer.value(of: "namespace_exporter_capability{cap=\"cap_sys_admin\"}", in: metrics) == 1)
        #expect(try Command.run(["promtool", "check", "metrics"], input: metrics).status == 0)
        #expect(try server.get("/").body.contains("href=\"probe?module=all\""))
    }

    @Test func noProbesMeansNoProbeEndpoint() throws {
        let server = try ExporterServer(["--no-probes"])
        defer { #expect(server.process.killTree().isEmpty) }
        let response = try server.get("/probe?module=uts")
        #expect(response.status == 404)
        #expect(response.body.contains("--no-probes"))
        #expect(!(try server.get("/metrics").body.contains("namespace_exporter_probes_total")))
    }

    @Test func aBadConfigFileStopsTheStartWithItsReason() throws {
        let path = try Self.writeConfig("modules:\n  a:\n    prober: create\n    create: {namespaces: [uts], mountpoint: /x}\n")
        defer { unlink(path) }
        let bad = try Command.run([Binaries.namespaceExporter, "--web.listen-address=127.0.0.1:\(Loopback.freePort())", "--config.file=\(path)"])
        #expect(bad.status == 1)
        #expect(bad.output.contains("modules.a.create: unknown field \"mountpoint\""), "\(bad.output)")
        let missing = try Command.run([Binaries.namespaceExporter, "--config.file=/no/such.yml"])
        #expect(missing.status == 1)
        #expect(missing.output.contains("cannot read /no/such.yml"), "\(missing.output)")
    }

    /// A module configured with a tiny timeout: the child is killed and
    /// reaped, and the exporter is left with no child.
    @Test func aConfiguredTimeoutKillsAndReaps() throws {
        let path = try Self.writeConfig("modules:\n  hasty:\n    prober: create\n    timeout: 1us\n    create: {namespaces: [all]}\n")
        defer { unlink(path) }
        let server = try ExporterServer(["--config.file=\(path)"])
        defer { #expect(server.process.killTree().isEmpty) }
        for _ in 0..<20 {
            let body = try server.get("/probe?module=hasty").body
            #expect(body.contains("probe_failure_info{reason=\"timeout\""), "\(body)")
        }
        #expect(ProcessResources(of: server.process.pid).children.isEmpty)
        #expect(ExporterServer.value(of: "probe_success ", in: try server.get("/probe?module=uts").body) == 1)
    }

    /// The exporter in a user namespace of its own whose max_uts_namespaces
    /// is 0: the uts probe fails with ENOSPC, everything else keeps working.
    @Test func aNamespaceLimitHitFailsTheProbeAndTheExporterKeepsServing() throws {
        let port = Loopback.freePort()
        let process = try ChildProcess([
            "unshare", "--user", "--map-root-user", "--", "sh", "-c",
            "echo 0 > /proc/sys/user/max_uts_namespaces && exec \"$0\" --web.listen-address=127.0.0.1:\(port)",
            Binaries.namespaceExporter,
        ])
        defer { #expect(process.killTree().isEmpty) }
        try #require(Loopback.waitUntilListening(port: port))
        let server = "http://127.0.0.1:\(port)"
        let uts = try Command.run(["curl", "-sS", "\(server)/probe?module=uts"]).output
        #expect(uts.contains("probe_failure_info{reason=\"ENOSPC\",step=\"clone\"} 1"), "\(uts)")
        let ipc = try Command.run(["curl", "-sS", "\(server)/probe?module=ipc"]).output
        #expect(ExporterServer.value(of: "probe_success ", in: ipc) == 1, "\(ipc)")
        #expect(try Command.run(["curl", "-sS", "-f", "\(server)/metrics"]).status == 0)
    }

    /// 20 requests at once with the limit at 4: 4 run (each held 3 s by a
    /// connect to a listener whose backlog is full), 16 get 429. Then a
    /// client that goes away mid-probe: the probe still releases everything.
    @Test func concurrentProbesBeyondTheLimitGet429() throws {
        let listener = try FullListener()
        defer { listener.close() }
        let path = try Self.writeConfig("""
            modules:
              slow:
                prober: join
                timeout: 3s
                join: {namespace: net, connect: "127.0.0.1:\(listener.port)"}
            """)
        defer { unlink(path) }
        let server = try ExporterServer(["--config.file=\(path)", "--probe.max-concurrent=4"])
        defer { #expect(server.process.killTree().isEmpty) }
        _ = try server.get("/probe?module=uts")  // warm up
        let before = ProcessResources.settled(of: server.process.pid)
        let result = try Self.load(["burst", "\(server.url)/probe?module=slow&target=\(server.process.pid)", "20"])
        let statuses = result["statuses"] as? [String: Int]
        #expect(statuses == ["200": 4, "429": 16], "\(result)")
        #expect((result["rejected_body"] as? String)?.contains("too many probes at once (at most 4)") == true)
        let after = ProcessResources.settled(of: server.process.pid)
        #expect(after.children.isEmpty)
        #expect(after.fds == before.fds, "before \(before), after \(after)")
        #expect(after.mounts == before.mounts)

        // A client that gives up after 0.3 s: the probe still ends, its child is reaped.
        let impatient = try Command.run(["curl", "-sS", "--max-time", "0.3", "\(server.url)/probe?module=slow&target=\(server.process.pid)"])
        #expect(impatient.status != 0)
        #expect(!ProcessResources(of: server.process.pid).children.isEmpty, "the probe should still run")
        // Its 3 s timeout ends it; a loaded machine may take a little longer to reap.
        #expect(eventually(8) { ProcessResources(of: server.process.pid).children.isEmpty }, "the probe child was never reaped")
        let settled = ProcessResources.settled(of: server.process.pid)
        #expect(settled.fds == before.fds, "before \(before), after \(settled)")
    }

    /// `--web.max-requests=2`: with two slow probes in flight, a scrape gets
    /// 503 at once (and /healthz still answers); once they end, 200 again.
    @Test func requestsBeyondWebMaxRequestsGet503() throws {
        let listener = try FullListener()
        defer { listener.close() }
        let path = try Self.writeConfig("modules:\n  slow:\n    prober: join\n    timeout: 3s\n    join: {namespace: net, connect: \"127.0.0.1:\(listener.port)\"}\n")
        defer { unlink(path) }
        let server = try ExporterServer(["--config.file=\(path)", "--web.max-requests=2"])
        defer { #expect(server.process.killTree().isEmpty) }
        let slow = try (0..<2).map { _ in
            try ChildProcess(["curl", "-s", "-o", "/dev/null", "\(server.url)/probe?module=slow&target=\(server.process.pid)"])
        }
        // The two probes take their slots once their requests arrive.
        var refused = try server.get("/metrics")
        _ = try eventually(2.5) { refused = try server.get("/metrics"); return refused.status == 503 }
        #expect(refused.status == 503, "\(refused.status) \(refused.body)")
        #expect(refused.body.contains("too many requests at once (--web.max-requests=2)"))
        #expect(try server.get("/healthz").status == 200)
        for request in slow { #expect(request.waitForExit(timeout: 10) == 0) }
        #expect(try server.get("/metrics").status == 200)
    }

    /// 5,000 probes over every create module; afterwards the exporter holds
    /// what it held before and the host has the namespaces it had.
    @Test func soakLeavesNothingBehind() throws {
        let server = try ExporterServer(["--probe.max-per-minute=0", "--sample.interval=1h"])
        defer { #expect(server.process.killTree().isEmpty) }
        let modules = NamespaceType.allCases.map(\.rawValue) + ["all"]
        _ = try Self.load(["soak", server.url, "90"] + modules)  // warm up: threads and caches
        let before = ProcessResources.settled(of: server.process.pid)
        let namespacesBefore = try Self.namespaceCount()
        let result = try Self.load(["soak", server.url, "5000"] + modules)
        #expect(result["successes"] as? Int == 5000, "\(result)")
        let after = ProcessResources.settled(of: server.process.pid)
        // 5,000 probes ran on as many threads: a leak would show thousands.
        #expect(after.leakedNothing(since: before), "before \(before), after \(after)")
        let settled = try eventually(5) { try Self.namespaceCount() == namespacesBefore }
        #expect(settled, "namespaces before: \(namespacesBefore), after: \((try? Self.namespaceCount()) ?? -1)")
        print("soak: 5000 probes; exporter before \(before), after \(after); RSS growth \(after.rssKiB - before.rssKiB) KiB")
    }

    /// Namespaces on the host, counted by lsns (the oracle).
    static func namespaceCount() throws -> Int {
        let run = try Command.run(["lsns", "-J", "-o", "NS"])
        let document = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        return (document?["namespaces"] as? [Any])?.count ?? -1
    }
}

/// A TCP listener on loopback whose accept queue is full: further connects hang.
struct FullListener {
    let fd: Int32
    let port: Int
    private let clients: [Int32]

    init() throws {
        let (fd, port) = try NetIsolation.listenOnLoopback(backlog: 0)
        self.fd = fd
        self.port = Int(port)
        let address = try #require(SocketAddress(parsing: "127.0.0.1:\(port)"))
        clients = (0..<3).map { _ in
            let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            _ = address.bytes.withUnsafeBytes { connect(client, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t($0.count)) }
            return client
        }
        usleep(200_000)
    }

    func close() {
        for client in clients { Glibc.close(client) }
        Glibc.close(fd)
    }
}
