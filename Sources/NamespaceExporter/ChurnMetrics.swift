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
        let source = "namespace_exporter_event_source"
        out.family(source, .gauge, help: "Event sources the model is kept by, 1 when live: proc_connector (fork/exec/exit), perf (namespace changes of running processes), fanotify (bind mounts), poll (a full scan every --sample.interval: set when proc_connector or perf is missing).")
        for view in churn.sources { out.sample(source, [("source", view.name)], view.live ? 1 : 0) }
        out.sample(source, [("source", "poll")], churn.polling ? 1 : 0)
        let counts: [(String, String, KeyPath<ChurnView.EventSourceView, Int>)] = [
            ("namespace_exporter_events_total", "Events received, by source.", \.events),
            ("namespace_exporter_events_lost_total", "Times a source reported events the kernel dropped (ENOBUFS, PERF_RECORD_LOST, fanotify queue overflow); each triggers a resync.", \.lost),
            ("namespace_exporter_event_source_failures_total", "Times a source's fd failed (closed, EBADF, POLLERR); the source stopped and the rest carry on.", \.failures),
        ]
        for (name, help, value) in counts {
            out.family(name, .counter, help: help)
            for view in churn.sources { out.sample(name, [("source", view.name)], view[keyPath: value]) }
        }
        let corrections = "namespace_exporter_resync_corrections_total"
        out.family(corrections, .counter, help: "Differences a resync (full scan) found that events had not applied, by kind; 0 of every kind but holder_changed means the events missed nothing.")
        for kind in CorrectionKind.allCases { out.sample(corrections, [("kind", kind.rawValue)], churn.corrections[kind] ?? 0) }
        out.single("namespace_exporter_process_events_total", .counter, help: "Process events (fork, exec, exit) received from the kernel's proc connector.", churn.processEvents)
        out.single("namespace_exporter_proc_connector_overruns_total", .counter, help: "Times the kernel dropped process events because the exporter's socket buffer was full (ENOBUFS); a resync follows.", churn.connectorOverruns)
        out.single("namespace_exporter_proc_connector_failures_total", .counter, help: "Times the proc connector socket failed (closed or broken); after it, membership is observed by polling (event_source{source=\"poll\"} is 1).", churn.connectorFailures)
        out.single("namespace_exporter_churn_events_dropped_total", .counter, help: "Process events dropped because the churn tracker fell behind; the next full scan repairs the counts.", churn.eventsDropped)
    }
}
