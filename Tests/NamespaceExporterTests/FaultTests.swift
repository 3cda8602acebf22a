import Foundation
import Glibc
import NamespaceKit
import NamespaceTestSupport
import Testing

/// Faults under the real binary: each time it keeps serving (or, for
/// SIGTERM, stops cleanly), says so in a metric, and leaks nothing.
@Suite(.serialized)
struct FaultTests {
    static func metric(_ server: ExporterServer, _ prefix: String) throws -> Double? {
        ExporterServer.value(of: prefix, in: try server.get("/metrics").body)
    }

    /// CPU seconds the process has used (utime + stime).
    static func cpuSeconds(_ pid: pid_t) -> Double {
        let text = ProcReader.readText("/proc/\(pid)/stat") ?? ""
        let fields = text[text.index(after: text.lastIndex(of: ")")!)...].split(separator: " ")
        return Double((Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Thousands of processes forked and reaped while the exporter samples
    /// every 100 ms: every scrape answers, processes that vanish mid-scan are
    /// counted, and the exporter holds what it held before.
    @Test func processesVanishingMidScan() throws {
        let server = try ExporterServer(["--sample.interval=100ms", "--sample.resync-interval=100ms", "--no-probes"])
        defer { #expect(server.process.killTree().isEmpty) }
        let before = ProcessResources.settled(of: server.process.pid)
        let churn = try ChildProcess(["sh", "-c", "i=0; while [ $i -lt 20000 ]; do /bin/true & /bin/true & wait; i=$((i+1)); done"])
        defer { _ = churn.killTree() }
        var statuses: [Int: Int] = [:]
        let deadline = ChildProcess.now() + 30
        var vanished = 0.0
        while ChildProcess.now() < deadline {
            let response = try server.get("/metrics")
            statuses[response.status, default: 0] += 1
            vanished = ExporterServer.value(of: "namespace_exporter_processes_vanished_total ", in: response.body) ?? 0
            if vanished > 0 && statuses.values.reduce(0, +) >= 20 { break }
            usleep(100_000)
        }
        _ = churn.killTree()
        #expect(statuses.keys.sorted() == [200], "\(statuses)")
        #expect(vanished > 0, "no process vanished mid-scan in 30 s of churn")
        #expect(try Self.metric(server, "namespace_exporter_sample_errors_total ") == 0)
        let back = eventually(15) { ProcessResources(of: server.process.pid).leakedNothing(since: before) }
        #expect(back, "before \(before), after \(ProcessResources(of: server.process.pid))")
    }

    /// A procfs tree the exporter may not read (as nobody, without
    /// capabilities, directories of mode 0700): it serves, and says how many
    /// processes it could not read.
    @Test func anUnreadableTreeIsCounted() throws {
        let dir = try #require(TemporaryDirectory.make("nsexp-unreadable"))
        defer {
            _ = try? Command.run(["rm", "-rf", dir])
            #expect(access(dir, F_OK) != 0)
        }
        #expect(try Command.run(["cp", "-a", Fixtures.procBasic, "\(dir)/proc"]).status == 0)
        chmod(dir, 0o755)
        let pids = try FileManager.default.contentsOfDirectory(atPath: "\(dir)/proc").filter { Int($0) != nil }
        for pid in pids { chmod("\(dir)/proc/\(pid)", 0o700) }
        let server = try ExporterServer(
            ["--path.procfs=\(dir)/proc", "--path.netns", "", "--no-probes", "--no-events.proc-connector"],
            user: ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--"])
        defer { #expect(server.process.killTree().isEmpty) }
        #expect(try Self.metric(server, "namespace_exporter_processes_unreadable ") == Double(pids.count))
        #expect(try Self.metric(server, "namespace_exporter_processes_scanned ") == 0)
        #expect(try server.get("/snapshot.json").status == 200)
    }

    /// The proc connector's socket closed under the running exporter (by
    /// gdb, in the exporter): it stops reading instead of spinning, switches
    /// to polling, counts the failure, and keeps serving.
    @Test func theProcConnectorSocketClosedUnderIt() throws {
        let server = try ExporterServer(["--sample.interval=500ms", "--no-probes"])
        defer { #expect(server.process.killTree().isEmpty) }
        #expect(try Self.metric(server, "namespace_exporter_event_source{source=\"proc_connector\"}") == 1)
        let fd = try #require(Self.connectorFD(of: server.process.pid), "no NETLINK_CONNECTOR socket among the exporter's fds")
        let gdb = try Command.run(["gdb", "-p", "\(server.process.pid)", "-batch", "-nx", "-ex", "call (int)close(\(fd))"])
        #expect(gdb.status == 0, "\(gdb.output)")
        #expect(try eventually(5) { try Self.metric(server, "namespace_exporter_proc_connector_failures_total ") == 1 })
        #expect(try Self.metric(server, "namespace_exporter_event_source{source=\"poll\"}") == 1)
        let cpu = Self.cpuSeconds(server.process.pid)
        usleep(2_000_000)
        #expect(Self.cpuSeconds(server.process.pid) - cpu < 0.5, "the exporter spins after losing its socket")
        // Churn is still seen, by the scan.
        let holder = try ChildProcess(["unshare", "--uts", "sh", "-c", "echo ready && exec sleep 60"])
        defer { #expect(holder.killTree().isEmpty) }
        #expect(holder.readLine() == "ready")
        let inode = try #require(ProcReader.namespaceInode(pid: holder.pid, "uts"))
        #expect(try eventually(5) { try server.get("/metrics").body.contains("inode=\"\(inode)\"") })
    }

    /// One perf ring's fd closed under the running exporter (by gdb): the
    /// perf source stops instead of spinning, counts the failure, and the
    /// exporter polls every --sample.interval instead; a running process's
    /// unshare is still seen, by the scan.
    @Test func aPerfFDClosedUnderIt() throws {
        let server = try ExporterServer(["--sample.interval=1s", "--sample.resync-interval=1h", "--no-probes"])
        defer { #expect(server.process.killTree().isEmpty) }
        #expect(try Self.metric(server, "namespace_exporter_event_source{source=\"perf\"}") == 1)
        #expect(try Self.metric(server, "namespace_exporter_event_source{source=\"poll\"}") == 0)
        try Self.closeUnder(server, anonFD: "[perf_event]", source: "perf")
        #expect(try Self.metric(server, "namespace_exporter_event_source{source=\"poll\"}") == 1)
        let holder = try ChildProcess(["python3", "-c", "import ctypes, os, time; ctypes.CDLL(None).unshare(0x04000000); print(os.readlink('/proc/self/ns/uts'), flush=True); time.sleep(60)"])
        defer { #expect(holder.killTree().isEmpty) }
        let inode = try #require(holder.readLine().flatMap { $0.split(separator: "[").last.flatMap { UInt64($0.dropLast()) } })
        #expect(try eventually(5) { try server.get("/metrics").body.contains("inode=\"\(inode)\"") })
    }

    /// The fanotify fd closed under it: the mount source stops, counts it,
    /// and bind mounts are still seen at the next full scan.
    @Test func theFanotifyFDClosedUnderIt() throws {
        let server = try ExporterServer(["--sample.resync-interval=1s"])
        defer { #expect(server.process.killTree().isEmpty) }
        #expect(try Self.metric(server, "namespace_exporter_event_source{source=\"fanotify\"}") == 1)
        try Self.closeUnder(server, anonFD: "[fanotify]", source: "fanotify")
        let name = "ne-fault-\(getpid())"
        try #require(try Command.run(["ip", "netns", "add", name]).status == 0)
        defer {
            _ = try? Command.run(["ip", "netns", "delete", name])
            #expect(access("/run/netns/\(name)", F_OK) != 0)
        }
        #expect(try eventually(5) { try server.get("/metrics").body.contains("path=\"/run/netns/\(name)\"") })
    }

    /// Closes the exporter's first `anon_inode:<kind>` fd with gdb; then the
    /// source counts one failure, shows as not live, and nothing spins.
    static func closeUnder(_ server: ExporterServer, anonFD kind: String, source: String) throws {
        let fd = try #require(anonFD(kind, of: server.process.pid), "no \(kind) fd among the exporter's fds")
        let gdb = try Command.run(["gdb", "-p", "\(server.process.pid)", "-batch", "-nx", "-ex", "call (int)close(\(fd))"])
        #expect(gdb.status == 0, "\(gdb.output)")
        #expect(try eventually(5) { try metric(server, "namespace_exporter_event_source_failures_total{source=\"\(source)\"}") == 1 })
        #expect(try metric(server, "namespace_exporter_event_source{source=\"\(source)\"}") == 0)
        let cpu = cpuSeconds(server.process.pid)
        usleep(2_000_000)
        #expect(cpuSeconds(server.process.pid) - cpu < 0.5, "the exporter spins after losing its \(source) fd")
    }

    /// The first fd of `pid` whose link is `anon_inode:<kind>`.
    static func anonFD(_ kind: String, of pid: pid_t) -> Int? {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        return fds.compactMap(Int.init).sorted().first { fd in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")) == "anon_inode:\(kind)"
        }
    }

    /// SIGTERM while a probe runs: the exporter stops within the probe's
    /// timeout, exits 0, and leaves no probe child behind.
    @Test(.disabled(if: Sanitizer.active, "probe children cannot run under a sanitizer runtime")) func sigtermDuringAProbe() throws {
        let listener = try FullListener()
        defer { listener.close() }
        let path = "/tmp/nsexp-fault-\(getpid()).yml"
        #expect(TextFile.write("modules:\n  slow:\n    prober: join\n    timeout: 3s\n    join: {namespace: net, connect: \"127.0.0.1:\(listener.port)\"}\n", to: path))
        defer { unlink(path) }
        let server = try ExporterServer(["--config.file=\(path)"])
        defer { _ = server.process.killTree() }
        let client = try ChildProcess(["curl", "-s", "-o", "/dev/null", "\(server.url)/probe?module=slow&target=\(server.process.pid)"])
        defer { _ = client.killTree() }
        // A probe child is the child of the thread that cloned it: look in every task.
        #expect(eventually(3) { !ProcessResources(of: server.process.pid).children.isEmpty }, "the probe child never started")
        let probeChildren = ProcessResources(of: server.process.pid).children
        kill(server.process.pid, SIGTERM)
        #expect(server.process.waitForExit(timeout: 10) == 0)
        #expect(eventually(3) { probeChildren.allSatisfy { kill($0, 0) != 0 } }, "probe children left: \(probeChildren)")
    }

    /// The fd of the exporter's NETLINK_CONNECTOR (protocol 11) socket.
    static func connectorFD(of pid: pid_t) -> Int? {
        let table = ProcReader.readText("/proc/\(pid)/net/netlink") ?? ""
        let inodes = Set(table.split(separator: "\n").dropFirst().compactMap { line -> String? in
            let fields = line.split(separator: " ")
            return fields.count >= 10 && fields[1] == "11" ? String(fields[9]) : nil
        })
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        return fds.compactMap(Int.init).first { fd in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)") else { return false }
            return inodes.contains { target == "socket:[\($0)]" }
        }
    }
}
