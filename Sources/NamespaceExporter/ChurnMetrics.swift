import NamespaceKit

/// The churn series: counters per type, the lifetime histogram, and the
/// event source's health.
extension MetricsRenderer {
    func renderChurn(_ churn: ChurnView, into out: inout ExpositionWriter) {
        let counters = churn.counters
        let families: [(String, [NamespaceType: Int], String)] = [
            ("linux_namespace_created_total", counters.created, "Namespaces that became reachable from a process since the exporter started."),
            ("linux_namespace_destroyed_total", counters.destroyed, "Namespaces that stopped being reachable from any process since the exporter started."),
            ("linux_namespace_joins_total", counters.joins, "Processes that became members of an already existing namespace (forked into it or moved in)."),
            ("linux_namespace_leaves_total", counters.leaves, "Processes that stopped being members of a namespace that still exists (exited or moved out)."),
        ]
        for (name, values, help) in families {
            out.family(name, .counter, help: help)
            for type in NamespaceType.allCases {
                out.sample(name, [("type", type.rawValue)], values[type] ?? 0)
            }
        }

        let histogram = "linux_namespace_lifetime_seconds"
        out.family(histogram, .histogram, help: "Observed lifetime of destroyed namespaces whose creation the exporter saw.")
        for type in NamespaceType.allCases {
            out.histogram(histogram, [("type", type.rawValue)], counters.lifetimes[type] ?? Histogram(bounds: ChurnCounters.lifetimeBuckets))
        }
    }

    func renderEventSource(_ churn: ChurnView, into out: inout ExpositionWriter) {
        out.family("namespace_exporter_event_source", .gauge, help: "How churn is observed: 1 for the source in use (proc_connector: kernel process events plus the periodic scan; poll: the periodic scan only).")
        for source in ChurnView.Source.allCases {
            out.sample("namespace_exporter_event_source", [("source", source.rawValue)], source == churn.source ? 1 : 0)
        }
        out.single("namespace_exporter_process_events_total", .counter, help: "Process events (fork, exec, exit) received from the kernel's proc connector.", churn.processEvents)
        out.single("namespace_exporter_proc_connector_overruns_total", .counter, help: "Times the kernel dropped process events because the exporter's socket buffer was full (ENOBUFS); the next full scan repairs the counts.", churn.connectorOverruns)
        out.single("namespace_exporter_proc_connector_failures_total", .counter, help: "Times the proc connector socket failed (closed or broken); after it, churn is observed by the periodic scan only (event_source switches to poll).", churn.connectorFailures)
        out.single("namespace_exporter_churn_events_dropped_total", .counter, help: "Process events dropped because the churn tracker fell behind; the next full scan repairs the counts.", churn.eventsDropped)
    }
}
