import CNamespaceShim
import NamespaceKit
#if canImport(Glibc)
import Glibc
#endif

/// user: the parent writes the child's uid/gid maps; the child becomes uid 0
/// inside while the host sees it as an unprivileged id. Needs no capability
/// when it maps the caller's own ids.
final class UserIsolation: IsolationCheck {
    private let uid: UInt32
    private let gid: UInt32

    init(mapUID: UInt32?, mapGID: UInt32?) {
        let root = geteuid() == 0
        uid = mapUID ?? (root ? 65534 : geteuid())
        gid = mapGID ?? (root ? 65534 : getegid())
    }

    var requiredCapabilities: [Capability] {
        uid == geteuid() && gid == getegid() ? [] : [.setuid, .setgid]
    }
    var childCapabilities: [Capability] { [.setuid, .setgid] }
    var inspectsChildWhenDone: Bool { true }

    func prepare(_ request: inout cns_probe_request, _ context: ProbeContext) throws(ProbeFailure) {
        request.become_root = 1
    }

    func childReady(_ report: cns_probe_report, _ go: inout cns_probe_go, _ context: ProbeContext, _ checks: inout [CheckResult]) throws(ProbeFailure) {
        // setgroups must be denied before an unprivileged gid_map write.
        for (file, text) in [("setgroups", "deny"), ("uid_map", "0 \(uid) 1\n"), ("gid_map", "0 \(gid) 1\n")] {
            let path = "/proc/\(context.childPID)/\(file)"
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            let written = fd >= 0 && Array(text.utf8).withUnsafeBytes { writeAll(fd, $0) }
            let code = written ? 0 : errno
            if fd >= 0 { close(fd) }
            guard code == 0 else {
                checks.append(CheckResult("user_maps_written", false, "\(file): \(errnoName(code))"))
                return
            }
        }
        checks.append(CheckResult("user_maps_written", true, "0 -> uid \(uid), gid \(gid)"))
    }

    func childDone(_ report: cns_probe_report, _ context: ProbeContext, _ checks: inout [CheckResult], _ observations: inout [Observation]) {
        checks.append(CheckResult(
            "user_root_inside", report.uid_inside == 0 && report.gid_inside == 0,
            "inside: uid \(report.uid_inside), gid \(report.gid_inside)"))
        switch context.childFile("status") {
        case .failure(let failure):
            checks.append(CheckResult("user_unprivileged_outside", false, failure.message))
        case .success(let text):
            let outside = (try? ProcessStatus(parsing: text[...]))?.uids.first
            checks.append(CheckResult(
                "user_unprivileged_outside", outside == uid && uid != 0,
                "host: uid \(outside.map(String.init) ?? "?")"))
        }
    }
}
