import NamespaceProbe

/// A `/probe` body, blackbox_exporter style: `probe_success`,
/// `probe_duration_seconds`, then what this exporter adds per phase and check.
public enum ProbeExposition {
    public static func render(_ result: ProbeResult) -> String {
        var out = ExpositionWriter(reservingCapacity: 2048)
        out.single("probe_success", .gauge, help: "Whether the probe succeeded: every namespace was created or joined and every check passed.", result.success ? 1 : 0)
        out.single("probe_duration_seconds", .gauge, help: "How long the whole probe took.", result.duration.seconds)
        out.family("probe_namespace_phase_seconds", .gauge, help: "Time per phase: enter (clone/unshare/setns until the child is in every namespace), setup, check, teardown (until the child is reaped).")
        for (phase, duration) in result.phases {
            out.sample("probe_namespace_phase_seconds", [("phase", phase.rawValue)], duration.seconds)
        }
        out.family("probe_namespace_check_success", .gauge, help: "Each isolation check: 1 passed, 0 failed.")
        for check in result.checks {
            out.sample("probe_namespace_check_success", [("check", check.name)], check.passed ? 1 : 0)
        }
        if let reason = result.failureReason {
            out.family("probe_failure_info", .gauge, help: "Why the probe failed: an errno name (ENOSPC: a namespace limit was hit; EPERM), timeout, missing_capability, check_failed, …; step says where.")
            out.sample("probe_failure_info", [("reason", reason), ("step", result.failure?.step ?? "check")], 1)
        }
        var described: Set<String> = []
        for observation in result.observations {
            let name = "probe_namespace_\(observation.name)"
            if described.insert(name).inserted {
                out.family(name, .gauge, help: observationHelp[observation.name] ?? "Seen inside the joined namespace.")
            }
            out.sample(name, observation.labels, observation.value)
        }
        return out.body
    }

    private static let observationHelp = [
        "interface_up": "Each interface of the joined network namespace: 1 up, 0 down.",
        "hostname_info": "The hostname of the joined UTS namespace.",
    ]
}
