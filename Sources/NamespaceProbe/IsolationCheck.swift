import CNamespaceShim
import NamespaceKit

/// One namespace type's part in a probe: the child's instructions, the
/// parent's part, and the checks that prove the namespace isolates.
/// A check reports a failure as a failed `CheckResult`; a thrown
/// `ProbeFailure` means the probe could not go on.
protocol IsolationCheck: AnyObject {
    /// Capabilities the exporter needs for this part (when no new user namespace grants them).
    var requiredCapabilities: [Capability] { get }
    /// Capabilities the child keeps after entering its namespaces.
    var childCapabilities: [Capability] { get }
    /// Whether `childDone` looks at the child itself (its /proc entries), so
    /// it must wait for EXIT; otherwise it exits as soon as it reported.
    var inspectsChildWhenDone: Bool { get }
    /// Before the clone: host-side preparation and the child's instructions.
    func prepare(_ request: inout cns_probe_request, _ context: ProbeContext) throws(ProbeFailure)
    /// The child is set up and waiting: the parent's part and checks from the host.
    func childReady(_ report: cns_probe_report, _ go: inout cns_probe_go, _ context: ProbeContext, _ checks: inout [CheckResult]) throws(ProbeFailure)
    /// The child ran its checks and is still alive.
    func childDone(_ report: cns_probe_report, _ context: ProbeContext, _ checks: inout [CheckResult], _ observations: inout [Observation])
    /// After the child is reaped: release what the host side holds.
    func release()
}

extension IsolationCheck {
    var requiredCapabilities: [Capability] { [] }
    var childCapabilities: [Capability] { [] }
    var inspectsChildWhenDone: Bool { false }
    func prepare(_ request: inout cns_probe_request, _ context: ProbeContext) throws(ProbeFailure) {}
    func childReady(_ report: cns_probe_report, _ go: inout cns_probe_go, _ context: ProbeContext, _ checks: inout [CheckResult]) throws(ProbeFailure) {}
    func childDone(_ report: cns_probe_report, _ context: ProbeContext, _ checks: inout [CheckResult], _ observations: inout [Observation]) {}
    func release() {}
}

/// What the checks share during one probe.
final class ProbeContext {
    /// Unique per probe: names the hostname, the tmpfs, the IPC key.
    let nonce: String
    /// The real procfs (probes always look at the live host, whatever --path.procfs says).
    let proc: ProcRoot
    /// The child's pid as the host sees it, once cloned.
    var childPID: Int32 = 0

    init(nonce: String, proc: ProcRoot) {
        self.nonce = nonce
        self.proc = proc
    }

    /// A file of the child's /proc directory (`mountinfo`, `status`, …).
    func childFile(_ name: String) -> Result<String, ProbeFailure> {
        file("\(childPID)/\(name)")
    }

    /// A /proc file relative to the procfs root (`self/mountinfo`).
    func file(_ relative: String) -> Result<String, ProbeFailure> {
        proc.read(relative, limit: 1 << 22)
            .map { String(decoding: $0, as: UTF8.self) }
            .mapError { .errno($0.rawValue, step: "read", "reading /proc/\(relative) failed") }
    }
}

extension CheckResult {
    /// A check whose failure is an errno (0: passed).
    static func errno(_ name: String, _ code: Int32, passed detail: String) -> CheckResult {
        CheckResult(name, code == 0, code == 0 ? detail : errnoName(code))
    }
}

/// Copies `text` into a fixed-size C char array field, NUL-terminated; false if it does not fit.
@discardableResult
func copyCString<T>(_ text: String, into field: inout T) -> Bool {
    withUnsafeMutableBytes(of: &field) { buffer in
        let bytes = Array(text.utf8)
        guard bytes.count < buffer.count else { return false }
        buffer.copyBytes(from: bytes)
        buffer[bytes.count] = 0
        return true
    }
}
