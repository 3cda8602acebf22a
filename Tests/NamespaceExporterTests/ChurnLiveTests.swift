import FoundationEssentials
import Glibc
import NamespaceTestSupport
import Testing

/// Churn on the live host: the test makes and tears down 200 namespaces of
/// seven types at a known rate — 50 of them in processes that live about
/// 20 ms — while the real binary watches, and then finds each of its own
/// namespaces, by the pid that made it, in the binary's /events.
@Suite(.serialized)
struct ChurnLiveTests {
    static let types: [(flag: String, name: String)] = [
        ("--net", "net"), ("--uts", "uts"), ("--ipc", "ipc"), ("--mount", "mnt"),
        ("--cgroup", "cgroup"), ("--user", "user"), ("--time", "time"),
    ]

    struct Made {
        var types: [String]
        var shortLived: Bool
    }

    struct Events: Decodable {
        struct Event: Decodable {
            var kind: String
            var type: String
            var pid: Int32?
            var lifetime_seconds: Double?
        }
        var events: [Event]
    }

    /// Starts 100 processes, one every 20 ms, each unsharing two types (200
    /// namespaces at 100 per second); every fourth lives ~20 ms, the rest 300 ms.
    /// Returns what each pid made, once all have exited and been reaped.
    func makeChurn() throws -> [Int32: Made] {
        var made: [Int32: Made] = [:]
        var children: [ChildProcess] = []
        for index in 0..<100 {
            let pair = [Self.types[index % 7], Self.types[(index + 1) % 7]]
            let shortLived = index % 4 == 0
            let child = try ChildProcess(["unshare"] + pair.map(\.flag) + ["--", "sleep", shortLived ? "0.02" : "0.3"])
            made[child.pid] = Made(types: pair.map(\.name).sorted(), shortLived: shortLived)
            children.append(child)
            usleep(20_000)
        }
        for child in children {
            #expect(child.waitForExit(timeout: 10) == 0, "unshare \(child.pid) failed")
        }
        return made
    }

    /// Runs the binary, makes the churn, and returns what /events says about the test's pids.
    func observe(_ flags: [String]) throws -> (made: [Int32: Made], events: [Events.Event]) {
        let port = Loopback.freePort()
        let server = try ChildProcess([Binaries.namespaceExporter, "--web.listen-address=127.0.0.1:\(port)",
                                       "--sample.interval=1s", "--events.recent=50000", "--log.level=warn"] + flags)
        defer { #expect(server.killTree().isEmpty) }
        try #require(Loopback.waitUntilListening(port: port))
        let made = try makeChurn()
        usleep(2_500_000)  // two intervals: the last exits are sampled and published
        let body = try Command.run(["curl", "-sS", "--max-time", "10", "http://127.0.0.1:\(port)/events"]).output
        let events = try JSONDecoder().decode(Events.self, from: Data(body.utf8)).events
        return (made, events.filter { $0.pid.map { made[$0] != nil } ?? false })
    }

    @Test func procConnectorSeesEveryNamespaceTheTestMade() throws {
        let (made, events) = try observe([])
        #expect(made.values.reduce(0) { $0 + $1.types.count } == 200)
        var missed = 0
        for (pid, expected) in made {
            let created = events.filter { $0.pid == pid && $0.kind == "created" }.map(\.type).sorted()
            let destroyed = events.filter { $0.pid == pid && $0.kind == "destroyed" }
            #expect(created == expected.types, "pid \(pid) made \(expected.types), created events say \(created)")
            #expect(destroyed.map(\.type).sorted() == expected.types, "pid \(pid): destroyed \(destroyed.map(\.type))")
            #expect(destroyed.allSatisfy { ($0.lifetime_seconds ?? -1) >= 0 }, "lifetimes of pid \(pid)")
            if created != expected.types { missed += 1 }
        }
        // The short-lived ones lived about 20 ms, and were seen for about that long.
        let shortLifetimes = events.filter { $0.kind == "destroyed" && made[$0.pid!]!.shortLived }.compactMap(\.lifetime_seconds)
        #expect(shortLifetimes.count == 50)
        #expect(shortLifetimes.allSatisfy { $0 < 0.25 }, "\(shortLifetimes.max() ?? 0)")
        #expect(missed == 0)
    }

    /// With the full scan an hour away, a namespace made by fork/exec still
    /// reaches /events (and the counters on /metrics, made in the same
    /// publication) within about a second; with `--events.publish-interval=0s`
    /// it waits for the next sample.
    @Test(arguments: [("500ms", true), ("0s", false)])
    func processEventsArePublishedBetweenSamples(interval: String, published: Bool) throws {
        let port = Loopback.freePort()
        let server = try ChildProcess([Binaries.namespaceExporter, "--web.listen-address=127.0.0.1:\(port)",
                                       "--sample.interval=1h", "--events.publish-interval=\(interval)", "--log.level=warn"])
        defer { #expect(server.killTree().isEmpty) }
        try #require(Loopback.waitUntilListening(port: port))
        let child = try ChildProcess(["unshare", "--uts", "--", "sleep", "30"])
        defer { #expect(child.killTree().isEmpty) }
        let started = ChildProcess.now()
        func seen() throws -> Bool {
            let body = try Command.run(["curl", "-sS", "--max-time", "5", "http://127.0.0.1:\(port)/events"]).output
            let events = try JSONDecoder().decode(Events.self, from: Data(body.utf8)).events
            return events.contains { $0.pid == child.pid && $0.kind == "created" && $0.type == "uts" }
        }
        let appeared = eventually(3) { (try? seen()) ?? false }
        #expect(appeared == published, "publish interval \(interval): seen \(appeared)")
        if appeared { print("a fork/exec namespace reached /events \(ChildProcess.now() - started) s after it was made") }
    }

    /// The same churn with the connector off: polling every second misses
    /// most of it. The figure is printed for the README.
    @Test func pollingAloneMissesShortLivedNamespaces() throws {
        let (made, events) = try observe(["--no-events.proc-connector"])
        let seen = events.filter { $0.kind == "created" }
        let seenShort = seen.filter { made[$0.pid!]!.shortLived }.count
        print("polling every 1s saw \(seen.count) of 200 namespaces (\(seenShort) of the 50 short-lived)")
        #expect(seenShort < 50, "polling cannot catch every 20 ms namespace")
        #expect(seen.count < 200)
    }
}
