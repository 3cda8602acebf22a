import Glibc
import NamespaceKit
import NamespaceTestSupport
import Testing

@testable import NamespaceProbe

/// Join modules enter namespaces the test made, named each way a target can be.
@Suite(.serialized, .disabled(if: Sanitizer.active, "probe children cannot run under a sanitizer runtime"))
struct JoinModuleTests {
    static func run(_ settings: JoinSettings, target: String, known: KnownNamespaces = KnownNamespaces()) throws -> ProbeResult {
        let module = ProbeModule(name: "join_test", prober: .join(settings))
        let resolved = try ProbeTarget(parsing: target, type: settings.type, known: known, netnsDirectory: "/run/netns")
        return Probe(module: module, target: resolved, timeout: .seconds(5), capabilities: .effective()).run()
    }

    static func check(_ result: ProbeResult, _ name: String) -> CheckResult? {
        result.checks.first { $0.name == name }
    }

    /// A named network namespace (`ip netns add`): only `lo`, and down.
    @Test func joinsANamedNetworkNamespaceByPath() throws {
        let name = "nsprobe-test-\(getpid())"
        #expect(try Command.run(["ip", "netns", "add", name]).status == 0)
        defer {
            _ = try? Command.run(["ip", "netns", "delete", name])
            #expect(access("/run/netns/\(name)", F_OK) != 0, "netns \(name) left behind")
        }
        let before = ProcessResources(of: getpid())
        let result = try Self.run(JoinSettings(type: .net), target: "/run/netns/\(name)")
        #expect(result.success, "\(result.checks) \(String(describing: result.failure))")
        #expect(result.observations == [Observation("interface_up", [("interface", "lo")], 0)])
        let after = ProcessResources(of: getpid())
        #expect(after.fds == before.fds && after.children == before.children)
    }

    /// A process in a UTS namespace of its own, joined by pid and by inode.
    @Test func readsTheHostnameOfAnotherUTSNamespace() throws {
        let holder = try ChildProcess(["unshare", "--uts", "sh", "-c", "hostname probe-target && echo ready && exec sleep 60"])
        defer { #expect(holder.killTree().isEmpty) }
        #expect(holder.readLine() == "ready")
        let shellPID = holder.pid
        let byPID = try Self.run(JoinSettings(type: .uts), target: String(shellPID))
        #expect(byPID.success, "\(byPID.checks) \(String(describing: byPID.failure))")
        #expect(byPID.observations == [Observation("hostname_info", [("hostname", "probe-target")], 1)])

        let inode = try #require(ProcReader.namespaceInode(pid: shellPID, "uts"))
        let snapshot = try Sampler(procfs: ProcFS(root: "/proc")).sample()
        let known = KnownNamespaces(snapshot, procfs: "/proc")
        let byInode = try Self.run(JoinSettings(type: .uts), target: "uts:[\(inode)]", known: known)
        #expect(byInode.observations == byPID.observations)
    }

    @Test func checksAPathInsideAMountNamespace() throws {
        let me = String(getpid())
        let present = try Self.run(JoinSettings(type: .mnt, path: "/proc/self"), target: me)
        #expect(present.success, "\(present.checks)")
        let absent = try Self.run(JoinSettings(type: .mnt, path: "/no/such/path-\(me)"), target: me)
        #expect(!absent.success)
        #expect(Self.check(absent, "mnt_path_exists")?.detail == "ENOENT")
    }

    /// A TCP connect from inside: to a listener it succeeds; to a closed port it fails.
    @Test func connectsFromInsideAJoinedNetworkNamespace() throws {
        let (listener, port) = try NetIsolation.listenOnLoopback()
        let open = try Self.run(JoinSettings(type: .net, connect: "127.0.0.1:\(port)"), target: String(getpid()))
        close(listener)
        #expect(Self.check(open, "net_connect")?.passed == true, "\(open.checks)")
        let closed = try Self.run(JoinSettings(type: .net, connect: "127.0.0.1:\(port)"), target: String(getpid()))
        #expect(Self.check(closed, "net_connect")?.detail == "ECONNREFUSED")
        #expect(!closed.success)
    }

    @Test func aTargetThatIsGoneFailsWithItsReason() throws {
        let result = try Self.run(JoinSettings(type: .net), target: "4194303")
        #expect(result.failure?.reason == "target_not_found" || result.failure?.reason == "EACCES", "\(String(describing: result.failure))")
        #expect(result.phases.isEmpty)
    }
}
