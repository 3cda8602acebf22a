import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Logging
import NIOCore
import NamespaceKit
import NamespaceProbe
import ServiceLifecycle

/// Samples /proc on an interval, off the event loops, follows process events
/// between samples, and publishes the rendered bodies to `ExporterState`.
/// Owns the exporter's counters and the churn tracker.
public actor SamplerService: Service {
    private let sampler: Sampler
    private let renderer: MetricsRenderer
    private let interval: Duration
    private let state: ExporterState
    private let logger: Logger
    private let events: ProcessEventReader?
    private let probes: ProbeRunner?
    /// The exporter's effective capabilities after the start dropped the rest.
    private let capabilities: CapabilitySet?
    private var counters = ExporterCounters()
    private var tracker: ChurnTracker
    private var lastSnapshot: Snapshot?
    private var warnedUnreadable = false
    /// When the exporter's counters started (OpenMetrics `_created`).
    private let startedAt = wallClockSeconds()
    /// For the churn tracker's rare questions to the kernel between samples.
    private let eventRoot: ProcRoot?
    /// The scan is blocking syscalls: it gets a thread of its own, never a NIO event loop.
    private let queue = DispatchQueue(label: "namespace_exporter.sampler")

    /// `events`: the kernel's process events, or nil to observe churn by the
    /// periodic scan alone.
    public init(
        sampler: Sampler, renderer: MetricsRenderer, interval: Duration, state: ExporterState, logger: Logger,
        events: ProcessEventReader? = nil, recentEvents: Int = 1024, probes: ProbeRunner? = nil,
        capabilities: CapabilitySet? = nil
    ) {
        self.probes = probes
        self.capabilities = capabilities
        self.sampler = sampler
        self.renderer = renderer
        self.interval = interval
        self.state = state
        self.logger = logger
        self.events = events
        self.tracker = ChurnTracker(recentEvents: recentEvents)
        self.eventRoot = events == nil ? nil : try? sampler.procfs.open()
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            if let events {
                let updates = events.updates()
                group.addTask { [self] in
                    for await update in updates { await apply(update) }
                    if events.stats.failures.load(ordering: .relaxed) > 0 {
                        logger.warning("process events failed (the netlink socket closed or broke); churn is observed by polling only")
                    }
                }
            }
            await sampleOnInterval()
            events?.stop()  // ends the update stream, and with it the task above
        }
    }

    private func sampleOnInterval() async {
        while true {
            do {
                try await cancelWhenGracefulShutdown { [interval] in try await Task.sleep(for: interval) }
            } catch {
                return  // graceful shutdown (or cancellation) ends the loop
            }
            await sampleOnce()
        }
    }

    /// Prepares the forms clients fetched last sample (gzip, the snapshot)
    /// on the sampler's thread, before publishing: no request waits for them.
    private func warm(_ next: ExporterState.Published, like previous: ExporterState.Published) async {
        await withCheckedContinuation { [queue] continuation in
            queue.async {
                next.metrics.warm(like: previous.metrics)
                next.openMetrics.warm(like: previous.openMetrics)
                next.snapshotJSON.warm(like: previous.snapshotJSON)
                continuation.resume()
            }
        }
    }

    private func apply(_ update: ProcessUpdate) {
        tracker.apply(update, asking: eventRoot)
    }

    /// Takes one sample and publishes it; a failed sample keeps the previous
    /// body and counts the error.
    public func sampleOnce() async {
        // Process events applied while the scan runs are newer than it.
        let sequence = tracker.eventSequence
        let result = await withCheckedContinuation { [sampler, queue, lastSnapshot] continuation in
            queue.async { continuation.resume(returning: Result { try sampler.sample(previous: lastSnapshot) }) }
        }
        switch result {
        case .success(let snapshot):
            counters.record(snapshot)
            tracker.apply(snapshot, scanStartedAt: sequence)
            lastSnapshot = snapshot
            if snapshot.processCounts.unreadable > 0 && !warnedUnreadable {
                warnedUnreadable = true
                let counts: Logger.Metadata = [
                    "unreadable": "\(snapshot.processCounts.unreadable)", "scanned": "\(snapshot.processCounts.scanned)",
                ]
                if geteuid() == 0 {
                    // Root too can be refused a protected process (a VM's init): say so, without alarm.
                    logger.info("some processes refuse to be read even by root; they are counted in namespace_exporter_processes_unreadable", metadata: counts)
                } else {
                    logger.warning("some processes could not be read: their namespaces are missing; run as root or with CAP_SYS_PTRACE", metadata: counts)
                }
            }
            logger.debug("sample done", metadata: [
                "namespaces": "\(snapshot.namespaces.count)",
                "processes": "\(snapshot.processCounts.scanned)",
                "duration_seconds": "\(snapshot.duration)",
            ])
        case .failure(let error):
            counters.sampleErrors += 1
            logger.error("sample failed", metadata: ["error": "\(error)"])
        }
        guard let snapshot = lastSnapshot else { return }
        let churn = ChurnView(
            tracker: tracker, snapshot: snapshot, source: (events?.stats.failures.load(ordering: .relaxed) ?? 1) == 0 ? .procConnector : .poll,
            stats: events?.stats)
        let (statistics, capabilities) = (probes?.statistics, capabilities)
        let metrics = renderer.render(snapshot, counters: counters, churn: churn, probes: statistics, capabilities: capabilities)
        let next = ExporterState.Published(
            metrics: metrics,
            openMetrics: { [renderer, counters, startedAt] in
                renderer.render(
                    snapshot, counters: counters, churn: churn, probes: statistics, capabilities: capabilities,
                    openMetricsCreated: startedAt)
            },
            document: SnapshotDocument(snapshot: snapshot, counters: counters, churn: churn),
            events: EventsDocument.json(churn.recent), snapshot: snapshot, sample: counters.samples + counters.sampleErrors)
        await warm(next, like: state.published)
        state.publish(next)
    }
}
