import NamespaceKit
import NamespaceProbe

/// The exporter's own view of probing: what it may do (capabilities), how
/// many probes ran and how they ended, and how long creating namespaces took.
extension MetricsRenderer {
    func renderCapabilities(_ capabilities: CapabilitySet, into out: inout ExpositionWriter) {
        out.family("namespace_exporter_capability", .gauge, help: "Whether the exporter has each capability that matters to it in its effective set (1) or not (0): cap_sys_ptrace to read other processes, cap_sys_admin to create and join namespaces, cap_net_admin for process events and the net probe, ….")
        for capability in Capability.allCases {
            out.sample("namespace_exporter_capability", [("cap", capability.description)], capabilities.contains(capability) ? 1 : 0)
        }
    }

    func renderProbes(_ statistics: ProbeStatistics, into out: inout ExpositionWriter) {
        out.family("namespace_exporter_probes_total", .counter, help: "Probes by module and result: success, failure, or rejected (too many at once or over the per-minute budget).")
        for (outcome, count) in statistics.probes.sorted(by: { $0.key < $1.key }) {
            out.sample("namespace_exporter_probes_total", [("module", outcome.module), ("result", outcome.result)], count)
        }
        let histogram = "namespace_exporter_probe_creation_seconds"
        out.family(histogram, .histogram, help: "Time from clone() until the probe child was in every new namespace, over all probes, by the types created (all: every type at once).")
        for (label, creation) in statistics.creation.sorted(by: { $0.key < $1.key }) {
            out.histogram(histogram, [("type", label)], creation)
        }
    }
}
