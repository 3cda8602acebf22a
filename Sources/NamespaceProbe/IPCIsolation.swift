import CNamespaceShim
#if canImport(Glibc)
import Glibc
#endif

/// ipc: a message queue and a shared-memory segment made inside, with a key
/// of this probe's own, are visible inside and not on the host.
final class IPCIsolation: IsolationCheck {
    private var key: Int32 = 0

    var requiredCapabilities: [Capability] { [.sysAdmin] }

    func prepare(_ request: inout cns_probe_request, _ context: ProbeContext) throws(ProbeFailure) {
        key = Int32.random(in: 0x1000_0000...0x7fff_ffff)
        request.ipc_key = key
    }

    func childReady(_ report: cns_probe_report, _ go: inout cns_probe_go, _ context: ProbeContext, _ checks: inout [CheckResult]) throws(ProbeFailure) {
        let queue = msgget(key, 0)
        let queueErrno = queue < 0 ? errno : 0
        checks.append(CheckResult("ipc_queue_hidden_from_host", queueErrno == ENOENT, Self.lookup(queue, queueErrno)))
        let segment = shmget(key, 0, 0)
        let segmentErrno = segment < 0 ? errno : 0
        checks.append(CheckResult("ipc_shm_hidden_from_host", segmentErrno == ENOENT, Self.lookup(segment, segmentErrno)))
    }

    func childDone(_ report: cns_probe_report, _ context: ProbeContext, _ checks: inout [CheckResult], _ observations: inout [Observation]) {
        checks.append(.errno("ipc_queue_visible_inside", report.queue_lookup_errno, passed: "found by its key"))
    }

    /// Without isolation the objects were the host's: remove any the child left.
    func release() {
        let queue = msgget(key, 0)
        if queue >= 0 { msgctl(queue, IPC_RMID, nil) }
        let segment = shmget(key, 0, 0)
        if segment >= 0 { shmctl(segment, IPC_RMID, nil) }
    }

    private static func lookup(_ id: Int32, _ code: Int32) -> String {
        id >= 0 ? "the host sees id \(id)" : "host lookup: \(errnoName(code))"
    }
}
