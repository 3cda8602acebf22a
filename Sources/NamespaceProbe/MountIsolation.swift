import CNamespaceShim
import NamespaceKit

/// mnt: a tmpfs the child mounts (after making its mounts private) is in its
/// mountinfo and not in the host's.
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
        checks.append(check("mnt_tmpfs_visible_inside", context.childFile("mountinfo"), wantPresent: true))
        checks.append(check("mnt_tmpfs_hidden_from_host", context.file("self/mountinfo"), wantPresent: false))
    }

    private func check(_ name: String, _ mountinfo: Result<String, ProbeFailure>, wantPresent: Bool) -> CheckResult {
        switch mountinfo {
        case .failure(let failure): return CheckResult(name, false, failure.message)
        case .success(let text):
            let present = MountEntry.parse(mountinfo: text[...]).contains { $0.fileSystemType == "tmpfs" && $0.source == source }
            return CheckResult(name, present == wantPresent, "\(source) at \(mountPoint) \(present ? "listed" : "not listed")")
        }
    }
}
