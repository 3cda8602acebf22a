import CNamespaceShim
import NamespaceKit

/// uts: the child sets a hostname; it sees it, the host keeps its own.
final class UTSIsolation: IsolationCheck {
    private var hostname = ""
    private var hostBefore = ""

    var requiredCapabilities: [Capability] { [.sysAdmin] }
    var childCapabilities: [Capability] { [.sysAdmin] }

    func prepare(_ request: inout cns_probe_request, _ context: ProbeContext) throws(ProbeFailure) {
        hostname = "nsprobe-\(context.nonce)"
        hostBefore = Self.hostHostname()
        copyCString(hostname, into: &request.hostname)
    }

    func childReady(_ report: cns_probe_report, _ go: inout cns_probe_go, _ context: ProbeContext, _ checks: inout [CheckResult]) throws(ProbeFailure) {
        let host = Self.hostHostname()
        checks.append(CheckResult("uts_host_hostname_unchanged", host == hostBefore && host != hostname, "host: \(host)"))
    }

    func childDone(_ report: cns_probe_report, _ context: ProbeContext, _ checks: inout [CheckResult], _ observations: inout [Observation]) {
        let inside = cString(of: report.nodename)
        checks.append(CheckResult("uts_hostname_inside", inside == hostname, "inside: \(inside)"))
    }

    static func hostHostname() -> String {
        HostNames.current().hostname
    }
}
