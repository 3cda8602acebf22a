import CNamespaceShim
#if canImport(Glibc)
import Glibc
#endif

/// time: the child enters a new time namespace with unshare() (clone() cannot
/// take CLONE_NEWTIME) and sets a CLOCK_MONOTONIC offset; its own child sees
/// the offset, the child itself (still in the host's) does not.
final class TimeIsolation: IsolationCheck {
    private let offsetSeconds: Int64

    init(offsetSeconds: Int64) { self.offsetSeconds = offsetSeconds }

    var requiredCapabilities: [Capability] { [.sysAdmin, .sysTime] }

    func prepare(_ request: inout cns_probe_request, _ context: ProbeContext) throws(ProbeFailure) {
        request.unshare_time = 1
        copyCString("monotonic \(offsetSeconds) 0\n", into: &request.timens_offsets)
        request.spawn_grandchild = 1
    }

    func childDone(_ report: cns_probe_report, _ context: ProbeContext, _ checks: inout [CheckResult], _ observations: inout [Observation]) {
        let offset = offsetSeconds * 1_000_000_000
        let seen = report.grandchild_monotonic_ns - report.child_monotonic_ns
        // The two readings are a fork apart: allow a second of scheduling.
        let tolerance: Int64 = 1_000_000_000
        checks.append(CheckResult(
            "time_offset_seen_inside", seen >= offset && seen < offset + tolerance,
            "inside minus host: \(Double(seen) / 1e9) s, offset \(offsetSeconds) s"))
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let host = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
        let drift = host - report.child_monotonic_ns
        checks.append(CheckResult(
            "time_host_clock_unchanged", drift >= 0 && drift < tolerance,
            "host minus child's own clock: \(Double(drift) / 1e9) s"))
    }
}
