import CNamespaceShim
import NamespaceKit
#if canImport(Glibc)
import Glibc
#endif

/// mnt: a tmpfs the child mounts (after making its mounts private) is there
/// through the child's root and not in the host's mountinfo.
final class MountIsolation: IsolationCheck {
    private let mountPoint: String
    private var source = ""

    init(mountPoint: String) { self.mountPoint = mountPoint }

    var requiredCapabilities: [Capability] { [.sysAdmin] }
    var childCapabilities: [Capability] { [.sysAdmin] }

    func prepare(_ request: inout cns_probe_request, _ context: ProbeContext) throws(ProbeFailure) {
        source = "nsprobe-\(context.nonce)"
        guard copyCString(mountPoint, into: &request.mount_point) else {
            throw ProbeFailure(reason: "config", step: "prepare", message: "mount point too long: \(mountPoint)")
        }
        copyCString(source, into: &request.mount_source)
    }

    func childReady(_ report: cns_probe_report, _ go: inout cns_probe_go, _ context: ProbeContext, _ checks: inout [CheckResult]) throws(ProbeFailure) {
        checks.append(visibleInside(context))
        checks.append(hiddenFromHost(context.file("self/mountinfo")))
    }

    /// Through the child's root, the mount point is a tmpfs other than the host's.
    private func visibleInside(_ context: ProbeContext) -> CheckResult {
        var inside = statfs()
        var insideStat = stat()
        var hostStat = stat()
        let path = "/proc/\(context.childPID)/root\(mountPoint)"
        guard statfs(path, &inside) == 0, stat(path, &insideStat) == 0, stat(mountPoint, &hostStat) == 0 else {
            return CheckResult("mnt_tmpfs_visible_inside", false, "stat \(path): \(errnoName(errno))")
        }
        let isTmpfs = inside.f_type == 0x0102_1994  // TMPFS_MAGIC
        return CheckResult(
            "mnt_tmpfs_visible_inside", isTmpfs && insideStat.st_dev != hostStat.st_dev,
            "\(mountPoint) inside is \(isTmpfs ? "a tmpfs" : "not a tmpfs"), device \(insideStat.st_dev) (host \(hostStat.st_dev))")
    }

    /// The host's mountinfo does not list the child's tmpfs (named by its source).
    private func hiddenFromHost(_ mountinfo: Result<String, ProbeFailure>) -> CheckResult {
        let name = "mnt_tmpfs_hidden_from_host"
        switch mountinfo {
        case .failure(let failure): return CheckResult(name, false, failure.message)
        case .success(let text):
            let present = MountEntry.parse(mountinfo: text[...]).values.contains { $0.fileSystemType == "tmpfs" && $0.source == source }
            return CheckResult(name, !present, "\(source) at \(mountPoint) \(present ? "listed" : "not listed")")
        }
    }
}
