import Glibc
import NamespaceTestSupport
import Testing

/// The real binary, started as a user would start it, on a free loopback port.
@Suite(.serialized)
struct LiveBinaryTests {
    typealias Server = ExporterServer

    @Test func servesMetricsLandingPageHealthAndStopsOnSIGTERM() throws {
        let server = try Server(["--sample.interval=1s"])
        defer { #expect(server.process.killTree().isEmpty) }

        let metrics = try server.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.headers.lowercased().contains("content-type: text/plain; version=0.0.4"))
        #expect(metrics.body.contains("linux_namespaces{type=\"net\"} "))
        #expect(metrics.body.contains("namespace_exporter_build_info{version="))
        let promtool = try Command.run(["promtool", "check", "metrics"], input: metrics.body)
        #expect(promtool.status == 0, "promtool: \(promtool.output)")

        let me = getpid()
        let myNet = try #require(ProcReader.namespaceInode(pid: me, "net"))
        #expect(metrics.body.contains("linux_namespace_processes{type=\"net\",inode=\"\(myNet)\"} "))

        let landing = try server.get("/")
        #expect(landing.status == 200)
        #expect(landing.body.contains("href=\"metrics\""))
        #expect(try server.get("/healthz").status == 200)
        #expect(try server.get("/no-such-page").status == 404)

        kill(server.process.pid, SIGTERM)
        #expect(server.process.waitForExit(timeout: 2) == 0, "no clean exit within 2 s of SIGTERM")
    }

    /// The same fixture as the golden test, through the binary: the domain
    /// series it serves are exactly the golden file's.
    @Test func servesTheFixtureTreeAsInTheGoldenFile() throws {
        let server = try Server(["--path.procfs=\(Fixtures.procBasic)", "--path.netns=\(Fixtures.netnsBasic)"])
        defer { #expect(server.process.killTree().isEmpty) }
        let body = try server.get("/metrics").body
        let golden = try #require(ProcReader.readText(Fixtures.path("Tests/Fixtures/proc-basic.metrics")))
        // First-seen times are the binary's own clock; everything else must match.
        let domain = { (text: String) in
            text.split(separator: "\n").filter { $0.hasPrefix("linux_") && !$0.hasPrefix("linux_namespace_first_seen") }
        }
        #expect(domain(body) == domain(golden))
    }

    /// Without privilege it serves what it can see and counts what it cannot.
    @Test func unprivilegedCountsUnreadableProcesses() throws {
        let server = try Server([], user: ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        defer { #expect(server.process.killTree().isEmpty) }
        let body = try server.get("/metrics").body
        let unreadable = body.split(separator: "\n").first { $0.hasPrefix("namespace_exporter_processes_unreadable ") }
        let count = try #require(unreadable.flatMap { Int($0.split(separator: " ")[1]) })
        #expect(count > 0, "root-owned processes must be unreadable to uid 65534")
        #expect(body.contains("linux_namespaces{type=\"net\"} "))
        // And it says so in a log line (the server's stderr, through a shell into its stdout).
        let port = Loopback.freePort()
        let logged = try ChildProcess(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", "sh", "-c",
                                       "exec \"$0\" --web.listen-address=127.0.0.1:\(port) 2>&1", Binaries.namespaceExporter])
        defer { #expect(logged.killTree().isEmpty) }
        var lines: [String] = []
        while let line = logged.readLine(timeout: 10) {
            lines.append(line)
            if line.contains("could not be read") { break }
        }
        #expect(lines.contains { $0.contains("could not be read") && $0.contains("CAP_SYS_PTRACE") }, "\(lines)")
    }

    @Test(arguments: [
        (["--web.listen-address=nope"], "web.listen-address"),
        (["--sample.interval=5x"], "sample.interval"),
        (["--sample.interval=0s"], "sample.interval"),
        (["--collector.namespaces.max-series=-1"], "max-series"),
        (["--web.max-requests=-1"], "--web.max-requests must be 0 or more"),
        (["--probe.max-concurrent=0"], "--probe.max-concurrent must be 1 or more"),
        (["--probe.timeout-offset=soon"], "--probe.timeout-offset: invalid duration"),
        (["--log.level=loud"], "log.level"),
        (["--no-such-flag"], "no-such-flag"),
        (["list", "--path.procfs=/no/such/proc"], "/no/such/proc"),
        (["--path.procfs=/no/such/proc"], "/no/such/proc"),
    ])
    func badInputExitsNonZeroWithAClearMessage(flags: [String], mentions: String) throws {
        let result = try Command.run([Binaries.namespaceExporter] + flags)
        #expect(result.status != 0)
        #expect(result.output.contains(mentions), "\(result.output)")
    }

    @Test func helpAndVersion() throws {
        let help = try Command.run([Binaries.namespaceExporter, "--help"])
        #expect(help.status == 0)
        #expect(help.output.contains("--web.listen-address") || help.output.contains("serve"))
        let serveHelp = try Command.run([Binaries.namespaceExporter, "serve", "--help"])
        for flag in ["--web.listen-address", "--path.procfs", "--sample.interval", "--collector.namespaces.max-series", "--log.level"] {
            #expect(serveHelp.output.contains(flag), "serve --help lacks \(flag)")
        }
        #expect(try Command.run([Binaries.namespaceExporter, "--version"]).status == 0)
    }

    /// `list --events` watches and prints the churn it saw: here a uts
    /// namespace the test makes for 50 ms, found by the pid that made it.
    @Test func listEventsShowsANamespaceMadeWhileWatching() throws {
        let watcher = try ChildProcess([Binaries.namespaceExporter, "list", "--events", "--for", "2s", "--json"])
        defer { #expect(watcher.killTree().isEmpty) }
        usleep(700_000)
        let maker = try ChildProcess(["unshare", "--uts", "--", "sleep", "0.05"])
        #expect(maker.waitForExit(timeout: 5) == 0)
        let output = watcher.readToEnd()
        #expect(watcher.waitForExit(timeout: 5) == 0)
        let check = try Command.run(["python3", "-c", """
            import json, sys
            events = json.load(sys.stdin)["events"]
            mine = sorted(e["kind"] for e in events if e.get("pid") == \(maker.pid) and e["type"] == "uts"
                          and e["kind"] in ("created", "destroyed"))
            print(" ".join(mine))
            """], input: output)
        #expect(check.output == "created destroyed\n", "\(output.prefix(500))")
    }

    @Test func listPrintsATableAndJSON() throws {
        let table = try Command.run([Binaries.namespaceExporter, "list", "--path.procfs=\(Fixtures.procBasic)"])
        #expect(table.status == 0)
        let lines = table.output.split(separator: "\n")
        #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true) == ["TYPE", "INODE", "NPROCS", "PID", "COMMAND", "OWNER", "PARENT", "HOLDERS", "CONTAINERS"])
        // The fixture's shared network namespace has two Docker containers: the first and how many more.
        #expect(lines.contains { $0.hasPrefix("net ") && $0.contains("4026532200") && $0.hasSuffix("docker:4f1f2cbd5a1b +1") })
        #expect(lines.count == 21)
        let json = try Command.run([Binaries.namespaceExporter, "list", "--json", "--path.procfs=\(Fixtures.procBasic)"])
        #expect(json.status == 0)
        let check = try Command.run(["python3", "-c", "import json,sys; d=json.load(sys.stdin); n=d['namespaces']; print(len(n), sorted(c['container_id'][:4] for x in n if x['inode'] == 4026532200 for c in x['containers']))"], input: json.output)
        #expect(check.output == "20 ['4f1f', '9c0f']\n")
    }
}
