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
    /// How soon churn seen through process events reaches `/metrics` between
    /// samples (nil: only with the next sample).
    private let eventPublishInterval: Duration?
    /// Bodies published so far (ETags name them): a sample, or churn between samples.
    private var publications = 0
    /// Namespaces created and destroyed as counted in the bodies last made.
    private var publishedChurn = NamespaceChurn()
    private let state: ExporterState
    private let logger: Logger
    private let events: ProcessEventReader?
    private let probes: ProbeRunner?
    /// The exporter's effective capabilities after the start dropped the rest.
    private let capabilities: CapabilitySet?
    private var counters = ExporterCounters()
    private var tracker: ChurnTracker
    private var lastSnapshot: Snapshot?
    /// The last sample's per-namespace families, rendered once per format for all its publications.
    private var sampleFamilies: SampleFamilies?
    private var warnedUnreadable = false
    /// When the exporter's counters started (OpenMetrics `_created`).
    private let startedAt = wallClockSeconds()
    /// For the churn tracker's rare questions to the kernel between samples.
    private let eventRoot: ProcRoot?
    /// The scan is blocking syscalls: it gets a thread of its own, never a NIO event loop.
    private let queue = DispatchQueue(label: "namespace_exporter.sampler")
    /// Compressing and writing bodies: beside the scan, so churn published
    /// between samples never waits for a scan to end.
    private let publishQueue = DispatchQueue(label: "namespace_exporter.publish")
    /// What the last publication cost, and when it was made: churn between
    /// samples is published at most every ten times that, so at most a tenth
    /// of a core goes to it however fast namespaces come and go.
    private var publishCost = 0.0
    private var publishedAt = 0.0

    /// `events`: the kernel's process events, or nil to observe churn by the
    /// periodic scan alone.
    public init(
        sampler: Sampler, renderer: MetricsRenderer, interval: Duration, state: ExporterState, logger: Logger,
        events: ProcessEventReader? = nil, recentEvents: Int = 1024, probes: ProbeRunner? = nil,
        capabilities: CapabilitySet? = nil, eventPublishInterval: Duration? = .seconds(1)
    ) {
        self.eventPublishInterval = eventPublishInterval
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
                if let eventPublishInterval {
                    group.addTask { [self] in await publishChurnOnInterval(eventPublishInterval) }
                }
            }
            await sampleOnInterval()
            events?.stop()  // ends the update stream, and with it the task above
        }
    }

    /// Between samples, republishes the last sample when process events
    /// created or destroyed a namespace since: one made by fork/exec is
    /// counted within `every`, while the full scan, which costs far more,
    /// keeps its interval. Rendering is all it costs, and only then: joins
    /// and leaves (every fork on the host) wait for the next sample.
    private func publishChurnOnInterval(_ every: Duration) async {
        while true {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: every) }
            } catch {
                return
            }
            if NamespaceChurn(tracker.counters) != publishedChurn, let snapshot = lastSnapshot,
               monotonicSeconds() - publishedAt >= 10 * publishCost {
                await publish(snapshot, newSample: false)
            }
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
        await withCheckedContinuation { [publishQueue] continuation in
            publishQueue.async {
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
        await publish(snapshot, newSample: true)
    }

    /// Renders `snapshot` with the counters and churn as they are now, and
    /// hands the bodies to the HTTP side. Between samples (`newSample`
    /// false) the per-namespace families (text and OpenMetrics) and the JSON
    /// snapshot of the sample are reused: only churn, counters and events are new.
    private func publish(_ snapshot: Snapshot, newSample: Bool) async {
        let started = monotonicSeconds()
        publications += 1
        publishedChurn = NamespaceChurn(tracker.counters)
        let churn = ChurnView(
            tracker: tracker, snapshot: snapshot, source: (events?.stats.failures.load(ordering: .relaxed) ?? 1) == 0 ? .procConnector : .poll,
            stats: events?.stats)
        let (statistics, capabilities) = (probes?.statistics, capabilities)
        let families = (newSample ? nil : sampleFamilies) ?? renderer.sampleFamilies(snapshot, churn: churn)
        sampleFamilies = families
        let metrics = renderer.render(
            families, snapshot: snapshot, counters: counters, churn: churn, probes: statistics, capabilities: capabilities)
        let previous = state.published
        // Between samples this sample's JSON snapshot stays, once it is the one published.
        let keepsDocument = !newSample && previous.snapshot?.timestamp == snapshot.timestamp
        var next = ExporterState.Published(
            metrics: metrics,
            openMetrics: { [renderer, counters, startedAt] in
                renderer.render(
                    families, snapshot: snapshot, counters: counters, churn: churn, probes: statistics,
                    capabilities: capabilities, openMetricsCreated: startedAt)
            },
            document: keepsDocument ? nil : SnapshotDocument(snapshot: snapshot, counters: counters, churn: churn),
            events: EventsDocument.json(churn.recent), snapshot: snapshot, sample: publications)
        if keepsDocument {
            next.snapshotJSON = previous.snapshotJSON
            next.document = previous.document
        }
        let publication = publications
        await warm(next, like: previous)
        // The actor may have published something newer while this one warmed.
        if publication == publications { state.publish(next) }
        publishedAt = monotonicSeconds()
        publishCost = publishedAt - started
    }
}

/// The part of the churn counters that says the set of namespaces changed.
private struct NamespaceChurn: Equatable {
    var created: [NamespaceType: Int] = [:]
    var destroyed: [NamespaceType: Int] = [:]

    init() {}

    init(_ counters: ChurnCounters) {
        created = counters.created
        destroyed = counters.destroyed
    }
}
