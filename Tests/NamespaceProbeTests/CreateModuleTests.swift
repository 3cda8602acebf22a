import Foundation
import Glibc
import NamespaceKit
import NamespaceTestSupport
import Testing

@testable import NamespaceProbe

/// Every create module, run here in the (multi-threaded) test process as
/// root: it succeeds, every isolation check ran, and nothing is left.
/// Each check is then shown failing when its namespace is not created.
@Suite(.serialized, .disabled(if: Sanitizer.active, "probe children cannot run under a sanitizer runtime"))
struct CreateModuleTests {
    static let checksByType: [NamespaceType: [String]] = [
        .uts: ["uts_host_hostname_unchanged", "uts_hostname_inside"],
        .pid: ["pid_child_is_1", "pid_grandchild_is_2", "pid_host_sees_other_pid"],
        .net: ["net_only_loopback", "net_loopback_up", "net_host_port_free_inside"],
        .ipc: ["ipc_queue_hidden_from_host", "ipc_shm_hidden_from_host", "ipc_queue_visible_inside"],
        .mnt: ["mnt_tmpfs_visible_inside", "mnt_tmpfs_hidden_from_host"],
        .user: ["user_maps_written", "user_root_inside", "user_unprivileged_outside"],
        .cgroup: ["cgroup_root_inside"],
        .time: ["time_offset_seen_inside", "time_host_clock_unchanged"],
    ]

    /// The checks that must fail when the module runs without its namespace.
    static let failingWithout: [NamespaceType: Set<String>] = [
        .uts: ["uts_host_hostname_unchanged"],
        .pid: ["pid_child_is_1", "pid_grandchild_is_2", "pid_host_sees_other_pid"],
        .net: ["net_only_loopback", "net_host_port_free_inside"],
        .ipc: ["ipc_queue_hidden_from_host", "ipc_shm_hidden_from_host"],
        .mnt: ["mnt_tmpfs_hidden_from_host"],
        .user: ["user_maps_written", "user_unprivileged_outside"],
        .cgroup: ["cgroup_root_inside"],
        .time: ["time_offset_seen_inside"],
    ]

    static func run(_ name: String, timeout: Duration = .seconds(5), capabilities: CapabilitySet = .effective()) -> ProbeResult {
        let module = ProbeModule.defaults[name]!
        return Probe(module: module, timeout: timeout, capabilities: capabilities).run()
    }

    @Test(arguments: NamespaceType.allCases.map(\.rawValue) + ["all"])
    func succeedsAsRootAndLeavesNothing(_ name: String) throws {
        let before = ProcessResources(of: getpid())
        let result = Self.run(name)
        let after = ProcessResources(of: getpid())
        #expect(result.success, "\(result.checks.filter { !$0.passed }) \(String(describing: result.failure))")
        #expect(result.phases.map(\.phase) == ProbeResult.Phase.allCases)
        let types = name == "all" ? NamespaceType.allCases : [NamespaceType(rawValue: name)!]
        let expected = Set(types.flatMap { Self.checksByType[$0]! } + ["child_capabilities_dropped"])
        #expect(Set(result.checks.map(\.name)) == expected)
        #expect(after.fds == before.fds, "before \(before), after \(after)")
        #expect(after.children == before.children)
        #expect(after.mounts == before.mounts)
    }

    /// The module's checks, run with its namespace flag removed, inside a
    /// throwaway outer namespace (the checks then act on that one, not the
    /// host), and for cgroup inside a cgroup of its own: the checks fail.
    @Test(arguments: NamespaceType.allCases)
    func checksFailWithoutTheirNamespace(_ type: NamespaceType) throws {
        let cgroup = try TestCgroup()
        defer { cgroup.remove() }
        let command = cgroup.enterAndRun([
            "unshare", "--uts", "--ipc", "--mount", "--propagation", "private", "--",
            Binaries.namespaceExporter, "probe", "--module", type.rawValue, "--test.omit-namespace", type.rawValue, "--json",
        ])
        let run = try Command.run(command)
        #expect(run.status == 1, "\(run.output)")
        let report = try ProbeJSON(run.output)
        #expect(Self.failingWithout[type]!.isSubset(of: report.failed), "\(run.output)")
    }

    @Test func userModuleWorksUnprivileged() throws {
        let run = try Command.run([
            "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
            Binaries.namespaceExporter, "probe", "--module", "user", "--json",
        ])
        #expect(run.status == 0, "\(run.output)")
        let report = try ProbeJSON(run.output)
        #expect(report.details["user_unprivileged_outside"] == "host: uid 65534", "\(run.output)")
        #expect(report.details["user_root_inside"] == "inside: uid 0, gid 0", "\(run.output)")
        #expect(report.details["user_maps_written"] == "0 -> uid 65534, gid 65534", "\(run.output)")
    }

    @Test func aMissingCapabilityFailsFastWithItsName() throws {
        let result = Self.run("uts", capabilities: CapabilitySet(mask: 0))
        #expect(result.failure?.reason == "missing_capability")
        #expect(result.failure?.message.contains("cap_sys_admin") == true)
        #expect(result.phases.isEmpty)

        // The same through the binary, with CAP_SYS_ADMIN out of its bounding set.
        let run = try Command.run(["setpriv", "--bounding-set=-sys_admin", "--", Binaries.namespaceExporter, "probe", "--module", "uts"])
        #expect(run.status == 1)
        #expect(run.output.contains("failed: missing_capability at capabilities: module uts needs cap_sys_admin"), "\(run.output)")
    }

    @Test func aTimedOutChildIsKilledAndReaped() {
        let before = ProcessResources(of: getpid())
        let result = Self.run("all", timeout: .microseconds(1))
        let after = ProcessResources(of: getpid())
        #expect(result.failure?.reason == "timeout")
        #expect(after.children == before.children, "a child was left: \(after.children)")
        #expect(after.fds == before.fds)
    }

    /// With max_uts_namespaces at 0 the kernel refuses: the probe says ENOSPC.
    /// The limit is lowered in a user namespace of the test's own (the
    /// limits are per user namespace, and the initial one's need
    /// CAP_SYS_RESOURCE, which root lacks on some VMs): nothing to restore.
    @Test func aNamespaceLimitShowsAsENOSPC() throws {
        let run = try Command.run([
            "unshare", "--user", "--map-root-user", "--", "sh", "-c",
            "echo 0 > /proc/sys/user/max_uts_namespaces && exec \"$0\" probe --module uts --json", Binaries.namespaceExporter,
        ])
        #expect(run.status == 1, "\(run.output)")
        let report = try ProbeJSON(run.output)
        #expect(report.failureReason == "ENOSPC", "\(run.output)")
        // The same module outside that user namespace still works: the limit was the cause.
        #expect(Self.run("uts").success)
    }
}

/// A cgroup of the test's own (cgroup v2, or v1's pids hierarchy), so the
/// cgroup check has a non-root path to see.
struct TestCgroup {
    let path: String

    init() throws {
        let unified = access("/sys/fs/cgroup/cgroup.procs", F_OK) == 0
        path = (unified ? "/sys/fs/cgroup" : "/sys/fs/cgroup/pids") + "/nsprobe-test-\(getpid())"
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw ChildProcess.SpawnError(description: "mkdir \(path): \(errno)")
        }
    }

    /// `arguments`, started from a shell that first moves itself into this cgroup.
    func enterAndRun(_ arguments: [String]) -> [String] {
        ["sh", "-c", "echo $$ > \(path)/cgroup.procs && exec \"$@\"", "sh"] + arguments
    }

    func remove() {
        rmdir(path)
    }
}

/// `probe --json` output, read back.
struct ProbeJSON {
    var success: Bool
    var details: [String: String] = [:]
    var failed: Set<String> = []
    var failureReason: String?

    init(_ text: String) throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        success = document["success"] as? Bool ?? false
        for check in document["checks"] as? [[String: Any]] ?? [] {
            guard let name = check["name"] as? String else { continue }
            details[name] = check["detail"] as? String
            if check["passed"] as? Bool == false { failed.insert(name) }
        }
        failureReason = (document["failure"] as? [String: Any])?["reason"] as? String
    }
}
