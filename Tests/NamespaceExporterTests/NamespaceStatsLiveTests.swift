import Foundation
import Glibc
import NamespaceTestSupport
import Testing

/// The per-namespace collectors on the real binary, against namespaces the
/// test makes: traffic over a veth pair, a hostname, SysV queues, an id map.
@Suite(.serialized)
struct NamespaceStatsLiveTests {
    /// Every `name{labels} value` line of a family, as (labels, value).
    static func samples(_ family: String, in body: String) -> [(labels: String, value: Double)] {
        body.split(separator: "\n").compactMap { line in
            guard line.hasPrefix(family + "{"), let space = line.lastIndex(of: " ") else { return nil }
            return (String(line[line.index(line.startIndex, offsetBy: family.count)..<space]), Double(line[line.index(after: space)...]) ?? .nan)
        }
    }

    static func ipNetns(_ arguments: [String]) throws {
        let run = try Command.run(["ip"] + arguments)
        guard run.status == 0 else { throw ChildProcess.SpawnError(description: "ip \(arguments.joined(separator: " ")): \(run.output)") }
    }

    /// Two network namespaces joined by a veth pair; 4 MB sent from one to
    /// the other. A keeps a member process (read through it), B has none
    /// (read from inside with setns). The counters of exactly those two
    /// interfaces moved by at least that much.
    @Test func trafficOverAVethPairIsCountedInBothNamespacesOnly() throws {
        let (a, b) = ("nsexp-stats-a-\(getpid())", "nsexp-stats-b-\(getpid())")
        defer {
            _ = try? Command.run(["ip", "netns", "delete", a])
            _ = try? Command.run(["ip", "netns", "delete", b])
            #expect(access("/run/netns/\(a)", F_OK) != 0 && access("/run/netns/\(b)", F_OK) != 0)
        }
        try Self.ipNetns(["netns", "add", a])
        try Self.ipNetns(["netns", "add", b])
        try Self.ipNetns(["-n", a, "link", "add", "vstat-a", "type", "veth", "peer", "name", "vstat-b", "netns", b])
        try Self.ipNetns(["-n", a, "addr", "add", "10.214.0.1/30", "dev", "vstat-a"])
        try Self.ipNetns(["-n", b, "addr", "add", "10.214.0.2/30", "dev", "vstat-b"])
        try Self.ipNetns(["-n", a, "link", "set", "vstat-a", "up"])
        try Self.ipNetns(["-n", b, "link", "set", "vstat-b", "up"])
        let member = try ChildProcess(["ip", "netns", "exec", a, "sleep", "120"])
        defer { #expect(member.killTree().isEmpty) }

        let server = try ExporterServer(["--sample.interval=500ms"])
        defer { #expect(server.process.killTree().isEmpty) }
        let before = try server.get("/metrics").body
        let bytes = 4_000_000
        let listener = try ChildProcess(["ip", "netns", "exec", b, "python3", "-c", """
            import socket; s = socket.socket(); s.bind(("10.214.0.2", 7000)); s.listen(); print("ready", flush=True)
            c, _ = s.accept(); n = 0
            while True:
                d = c.recv(65536)
                if not d: break
                n += len(d)
            print(n, flush=True)
            """])
        defer { _ = listener.killTree() }
        #expect(listener.readLine() == "ready")
        let send = try Command.run(["ip", "netns", "exec", a, "python3", "-c",
                                    "import socket; s = socket.create_connection(('10.214.0.2', 7000)); s.sendall(b'x' * \(bytes)); s.close()"])
        #expect(send.status == 0, "\(send.output)")
        #expect(listener.readLine() == String(bytes))

        func byDevice(_ family: String, _ body: String) -> [String: Double] {
            Dictionary(Self.samples(family, in: body).map { ($0.labels, $0.value) }, uniquingKeysWith: { $1 })
        }
        let (sentBefore, receivedBefore) = (byDevice("linux_namespace_network_transmit_bytes_total", before), byDevice("linux_namespace_network_receive_bytes_total", before))
        // The counters follow the scrapes: scrape until they moved (or 10 s).
        var after = before
        var (sent, received): ([String], [String]) = ([], [])
        _ = try eventually(10) {
            after = try server.get("/metrics").body
            sent = byDevice("linux_namespace_network_transmit_bytes_total", after).filter { $0.value - (sentBefore[$0.key] ?? 0) >= Double(bytes) }.map(\.key)
            received = byDevice("linux_namespace_network_receive_bytes_total", after).filter { $0.value - (receivedBefore[$0.key] ?? 0) >= Double(bytes) }.map(\.key)
            return !sent.isEmpty && !received.isEmpty
        }
        #expect(sent.count == 1 && sent[0].contains("netns=\"\(a)\"") && sent[0].contains("device=\"vstat-a\""), "\(sent)")
        #expect(received.count == 1 && received[0].contains("netns=\"\(b)\"") && received[0].contains("device=\"vstat-b\""), "\(received)")
        // B has no process: its interfaces came from inside, with setns.
        #expect(Self.samples("linux_namespace_network_receive_bytes_total", in: after).contains { $0.labels.contains("netns=\"\(b)\"") && $0.labels.contains("device=\"lo\"") })
        #expect(ExporterServer.value(of: "namespace_exporter_collector_success{collector=\"net\"}", in: after) == 1)
        // The same facts in the JSON snapshot.
        let snapshot = try server.get("/snapshot.json?type=net").body
        #expect(snapshot.contains("\"vstat-b\""), "\(snapshot.prefix(400))")
    }

    /// A hostname set inside a UTS namespace labels it; SysV queues made
    /// inside an IPC namespace are counted there; a user namespace's map.
    @Test func hostnameQueuesAndIdMaps() throws {
        let uts = try ChildProcess(["unshare", "--uts", "sh", "-c", "hostname nsexp-stats-host && echo ready && exec sleep 120"])
        defer { #expect(uts.killTree().isEmpty) }
        let ipc = try ChildProcess(["unshare", "--ipc", "sh", "-c", "ipcmk -Q >/dev/null && ipcmk -Q >/dev/null && ipcmk -Q >/dev/null && ipcmk -M 8192 >/dev/null && echo ready && exec sleep 120"])
        defer { #expect(ipc.killTree().isEmpty) }
        let user = try ChildProcess(["unshare", "--user", "sh", "-c", "echo ready && exec sleep 120"])
        defer { #expect(user.killTree().isEmpty) }
        #expect(uts.readLine() == "ready" && ipc.readLine() == "ready" && user.readLine() == "ready")
        #expect(TextFile.write("0 200000 1000\n", to: "/proc/\(user.pid)/uid_map"))
        #expect(TextFile.write("0 300000 10\n", to: "/proc/\(user.pid)/gid_map"))
        let utsInode = try #require(ProcReader.namespaceInode(pid: uts.pid, "uts"))
        let ipcInode = try #require(ProcReader.namespaceInode(pid: ipc.pid, "ipc"))
        let userInode = try #require(ProcReader.namespaceInode(pid: user.pid, "user"))

        let server = try ExporterServer(["--collector.ipc"])
        defer { #expect(server.process.killTree().isEmpty) }
        let body = try server.get("/metrics").body
        #expect(body.contains("linux_namespace_uts_info{inode=\"\(utsInode)\",hostname=\"nsexp-stats-host\",domainname=\"(none)\"} 1"))
        #expect(ExporterServer.value(of: "linux_namespace_ipc_message_queues{inode=\"\(ipcInode)\"}", in: body) == 3)
        #expect(ExporterServer.value(of: "linux_namespace_ipc_shared_memory_segments{inode=\"\(ipcInode)\"}", in: body) == 1)
        #expect(ExporterServer.value(of: "linux_namespace_ipc_shared_memory_bytes{inode=\"\(ipcInode)\"}", in: body) == 8192)
        #expect(body.contains("linux_namespace_user_id_map_info{inode=\"\(userInode)\",map=\"uid\",inside=\"0\",outside=\"200000\",count=\"1000\"} 1"))
        #expect(body.contains("linux_namespace_user_id_map_info{inode=\"\(userInode)\",map=\"gid\",inside=\"0\",outside=\"300000\",count=\"10\"} 1"))
        #expect(ExporterServer.value(of: "linux_namespace_user_identity_mapped{inode=\"\(userInode)\"}", in: body) == 0,
                "\(body.split(separator: "\n").filter { $0.contains(String(userInode)) || $0.contains("collector") })")
        #expect(ExporterServer.value(of: "linux_namespace_user_identity_mapped{inode=\"4026531837\"}", in: body) == 1)
        for collector in ["uts", "ipc", "user", "pid", "mnt", "net"] {
            #expect(ExporterServer.value(of: "namespace_exporter_collector_success{collector=\"\(collector)\"}", in: body) == 1, "\(collector)")
        }
    }

    /// Without CAP_SYS_ADMIN (--no-probes) the setns collectors cannot look
    /// inside: they say so in their success metric, and the rest still work.
    @Test func withoutSysAdminTheSetnsCollectorsReportFailure() throws {
        let uts = try ChildProcess(["unshare", "--uts", "sh", "-c", "echo ready && exec sleep 60"])
        defer { #expect(uts.killTree().isEmpty) }
        #expect(uts.readLine() == "ready")
        let server = try ExporterServer(["--no-probes"])
        defer { #expect(server.process.killTree().isEmpty) }
        let body = try server.get("/metrics").body
        #expect(ExporterServer.value(of: "namespace_exporter_collector_success{collector=\"uts\"}", in: body) == 0)
        #expect(ExporterServer.value(of: "namespace_exporter_collector_success{collector=\"user\"}", in: body) == 1)
    }
}
