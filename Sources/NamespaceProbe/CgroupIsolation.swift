import CNamespaceShim
import Synchronization
import NamespaceKit

/// cgroup: inside, /proc/self/cgroup shows every hierarchy at its root (`0::/`).
/// It can only tell when the exporter itself is below a root somewhere: the
/// detail says so when it is not.
final class CgroupIsolation: IsolationCheck {
    var requiredCapabilities: [Capability] { [.sysAdmin] }

    func prepare(_ request: inout cns_probe_request, _ context: ProbeContext) throws(ProbeFailure) {
        request.read_cgroup = 1
    }

    func childDone(_ report: cns_probe_report, _ context: ProbeContext, _ checks: inout [CheckResult], _ observations: inout [Observation]) {
        let inside = CgroupFile.paths(cString(of: report.cgroup)[...]).values
        let atRoot = !inside.isEmpty && inside.allSatisfy { $0 == "/" }
        let note = atRoot && Self.exporterAtEveryRoot(context) ? " (the exporter is at every root itself: this cannot tell)" : ""
        checks.append(CheckResult(
            "cgroup_root_inside", atRoot, "inside: \(inside.joined(separator: ","))" + note))
    }

    /// Read once: the exporter does not move between cgroups while it runs.
    private static func exporterAtEveryRoot(_ context: ProbeContext) -> Bool {
        atEveryRoot.withLock { cached in
            if let cached { return cached }
            let outside = (try? context.file("self/cgroup").get()).map { CgroupFile.paths($0[...]).values } ?? []
            let answer = outside.allSatisfy { $0 == "/" }
            cached = answer
            return answer
        }
    }

    private static let atEveryRoot = Mutex<Bool?>(nil)
}
