import Foundation
import Glibc
import NamespaceExporter
import NamespaceKit
import NamespaceProbe
import NamespaceTestSupport
import Testing

/// The exporter keeps only the capabilities its enabled parts need, in
/// every thread and every set, and still sees and probes what it should.
@Suite(.serialized)
struct LeastPrivilegeTests {
    /// Bits of a `Cap*:` line of /proc/<pid>/task/<tid>/status.
    static func capabilityLines(of pid: pid_t) -> [[String: UInt64]] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.map { tid in
            var sets: [String: UInt64] = [:]
            for line in (ProcReader.readText("/proc/\(pid)/task/\(tid)/status") ?? "").split(separator: "\n") {
                let fields = line.split(separator: "\t")
                guard fields.count == 2 else { continue }
                let key = String(fields[0].dropLast())
                if key.hasPrefix("Cap") { sets[key] = UInt64(fields[1], radix: 16) }
                if key == "NoNewPrivs" { sets[key] = UInt64(fields[1]) }
            }
            return sets
        }
    }

    static let defaultsNeeded = LeastPrivilege.needed(
        discovery: .init(), processEvents: true, namespaceEvents: true, listenPort: 9819,
        probeModules: Array(ProbeModule.defaults.values))

    @Test func policyFollowsWhatIsEnabled() {
        #expect(Self.defaultsNeeded.contains(.sysAdmin))
        let noProbes = LeastPrivilege.needed(discovery: .init(), processEvents: false, listenPort: 9819, probeModules: [])
        #expect(noProbes == CapabilitySet([.sysPtrace, .dacReadSearch]))
        let lowPort = LeastPrivilege.needed(discovery: .init(), processEvents: true, listenPort: 80, probeModules: [])
        #expect(lowPort == CapabilitySet([.sysPtrace, .dacReadSearch, .netAdmin, .netBindService]))
        let utsOnly = LeastPrivilege.needed(
            discovery: .init(), processEvents: false, listenPort: 9819, probeModules: [ProbeModule.defaults["uts"]!])
        #expect(utsOnly == CapabilitySet([.sysPtrace, .dacReadSearch, .sysAdmin]))
        #expect(Self.defaultsNeeded.contains(.perfmon))
        let eventsOnly = LeastPrivilege.needed(
            discovery: .init(), processEvents: false, namespaceEvents: true, listenPort: 9819, probeModules: [])
        #expect(eventsOnly == CapabilitySet([.sysPtrace, .dacReadSearch, .perfmon]))
    }

    /// Every thread of the running exporter: effective = permitted = bounding
    /// = what the defaults need; inheritable and ambient empty; no_new_privs.
    @Test(.disabled(if: Sanitizer.active, "probe children cannot run under a sanitizer runtime")) func everyThreadHoldsOnlyWhatIsNeeded() throws {
        let server = try ExporterServer([])
        defer { #expect(server.process.killTree().isEmpty) }
        let threads = Self.capabilityLines(of: server.process.pid)
        #expect(threads.count > 1)
        for sets in threads {
            #expect(sets["CapEff"] == Self.defaultsNeeded.mask, "\(sets)")
            #expect(sets["CapPrm"] == Self.defaultsNeeded.mask)
            #expect(sets["CapBnd"] == Self.defaultsNeeded.mask)
            #expect(sets["CapInh"] == 0 && sets["CapAmb"] == 0)
            #expect(sets["NoNewPrivs"] == 1)
        }
        let body = try server.get("/metrics").body
        #expect(ExporterServer.value(of: "namespace_exporter_capability{cap=\"cap_sys_admin\"}", in: body) == 1)
        #expect(ExporterServer.value(of: "namespace_exporter_capability{cap=\"cap_dac_override\"}", in: body) == 0)
        #expect(ExporterServer.value(of: "probe_success ", in: try server.get("/probe?module=all").body) == 1)
    }

    /// `--no-probes`: no thread has CAP_SYS_ADMIN, and the sampler still
    /// finds a namespace a root process made.
    @Test func noProbesDropsSysAdmin() throws {
        let holder = try ChildProcess(["unshare", "--uts", "sh", "-c", "echo ready && exec sleep 60"])
        defer { #expect(holder.killTree().isEmpty) }
        #expect(holder.readLine() == "ready")
        let inode = try #require(ProcReader.namespaceInode(pid: holder.pid, "uts"))
        let server = try ExporterServer(["--no-probes"])
        defer { #expect(server.process.killTree().isEmpty) }
        let sysAdmin = Capability.sysAdmin.mask
        for sets in Self.capabilityLines(of: server.process.pid) {
            #expect(sets["CapEff"]! & sysAdmin == 0 && sets["CapPrm"]! & sysAdmin == 0 && sets["CapBnd"]! & sysAdmin == 0, "\(sets)")
        }
        let body = try server.get("/metrics").body
        #expect(body.contains("inode=\"\(inode)\""))
        #expect(ExporterServer.value(of: "namespace_exporter_capability{cap=\"cap_sys_admin\"}", in: body) == 0)
    }

    /// As nobody (uid 65534) with file capabilities on a copy of the binary:
    /// it sees a root process's namespace and probes succeed.
    @Test(.disabled(if: Sanitizer.active, "probe children cannot run under a sanitizer runtime")) func runsAsAnUnprivilegedUserWithFileCapabilities() throws {
        let dir = try #require(TemporaryDirectory.make("nsexp-fcaps"))
        defer {
            unlink("\(dir)/namespace_exporter")
            rmdir(dir)
            #expect(access(dir, F_OK) != 0)
        }
        let binary = "\(dir)/namespace_exporter"
        #expect(try Command.run(["cp", Binaries.namespaceExporter, binary]).status == 0)
        chmod(dir, 0o755)
        let caps = "cap_sys_ptrace,cap_dac_read_search,cap_net_admin,cap_sys_admin,cap_setuid,cap_setgid,cap_sys_chroot,cap_sys_time+ep"
        #expect(try Command.run(["setcap", caps, binary]).status == 0)

        let holder = try ChildProcess(["unshare", "--ipc", "sh", "-c", "echo ready && exec sleep 60"])
        defer { #expect(holder.killTree().isEmpty) }
        #expect(holder.readLine() == "ready")
        let inode = try #require(ProcReader.namespaceInode(pid: holder.pid, "ipc"))
        let server = try ExporterServer(
            [], user: ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"], binary: binary)
        defer { #expect(server.process.killTree().isEmpty) }
        let status = ProcReader.readText("/proc/\(server.process.pid)/status") ?? ""
        #expect(status.contains("Uid:\t65534\t65534\t65534\t65534"), "\(status)")
        let body = try server.get("/metrics").body
        #expect(body.contains("inode=\"\(inode)\""))
        #expect(ExporterServer.value(of: "probe_success ", in: try server.get("/probe?module=all").body) == 1)
    }
}
