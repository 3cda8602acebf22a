import CNamespaceShim

/// pid: the child is pid 1 inside, its child pid 2, and the host knows it by another pid.
final class PIDIsolation: IsolationCheck {
    var requiredCapabilities: [Capability] { [.sysAdmin] }

    func prepare(_ request: inout cns_probe_request, _ context: ProbeContext) throws(ProbeFailure) {
        request.spawn_grandchild = 1
    }

    func childDone(_ report: cns_probe_report, _ context: ProbeContext, _ checks: inout [CheckResult], _ observations: inout [Observation]) {
        checks.append(CheckResult("pid_child_is_1", report.pid_inside == 1, "inside: \(report.pid_inside)"))
        checks.append(CheckResult("pid_grandchild_is_2", report.grandchild_pid == 2, "inside: \(report.grandchild_pid)"))
        checks.append(CheckResult(
            "pid_host_sees_other_pid", context.childPID != report.pid_inside,
            "host: \(context.childPID), inside: \(report.pid_inside)"))
    }
}
