import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Logging
import NIOCore
import NamespaceKit
import NamespaceProbe
import ServiceLifecycle

/// Keeps the host model current and publishes it: the kernel's events are
/// applied as they come (each re-reads just its pid, or the mountinfo after
/// a mount event), a full scan corrects the model every resync interval
/// (or polls every sample interval when events cannot tell every change),
/// and a publication is made when the model changed, rate-bounded.
public actor SamplerService: Service {
    private let sampler: Sampler
    /// Full scans when events are incomplete (`--sample.interval`).
    private let interval: Duration
    /// Full scans when events are complete (`--sample.resync-interval`).
    private let resyncInterval: Duration
    /// How often changes from events are published (nil: only with each scan).
    private let eventPublishInterval: Duration?
    /// The model version last published.
    private var publishedVersion = -1
    private let state: ExporterState
    private let logger: Logger
    private let sources: EventSources
    private var publisher: Publisher
    private var counters = ExporterCounters()
    private var model: HostModel
    private var warnedUnreadable = false
    /// For re-reading one pid after an event, and the churn tracker's questions.
    private let eventRoot: ProcRoot?
    /// A source lost events (or failed): resync at the next check.
    private var resyncRequested = false
    /// Events the sources reported lost, as last seen: more means a resync.
    private var lostSeen = 0
    /// Mount events arrived since the mountinfo was last read.
    private var mountsChanged = false
    /// The scan is blocking syscalls: it gets a thread of its own, never a NIO event loop.
    private let queue = DispatchQueue(label: "namespace_exporter.sampler")
    /// When the per-namespace collectors last ran (with a scan or between them).
    private var statsCollectedAt = 0.0
    /// Container names from the OCI runtimes' state, read once per container.
    private var containerNames: ContainerNameCache

    public init(
        sampler: Sampler, renderer: MetricsRenderer, interval: Duration, resyncInterval: Duration = .seconds(300),
        state: ExporterState, logger: Logger, sources: EventSources = EventSources(), recentEvents: Int = 1024,
        probes: ProbeRunner? = nil, capabilities: CapabilitySet? = nil, eventPublishInterval: Duration? = .seconds(1),
        ociRuntimeStateRoots: [String] = ContainerNameCache.defaultRoots
    ) {
        self.containerNames = ContainerNameCache(roots: ociRuntimeStateRoots)
        self.eventPublishInterval = eventPublishInterval
        self.publisher = Publisher(renderer: renderer, state: state, probes: probes, capabilities: capabilities)
        self.sampler = sampler
        self.interval = interval
        self.resyncInterval = resyncInterval
        self.state = state
        self.logger = logger
        self.sources = sources
        self.model = HostModel(recentEvents: recentEvents)
        let anySource = sources.processes != nil || sources.namespaces != nil || sources.mounts != nil
        self.eventRoot = anySource ? try? sampler.procfs.open() : nil
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            if let processes = sources.processes {
                let updates = processes.updates()
                group.addTask { [self] in
                    for await update in updates { await apply(update) }
                    await sourceEnded("proc_connector", processes.stats)
                }
            }
            if let namespaces = sources.namespaces {
                let records = namespaces.records()
                group.addTask { [self] in
                    for await record in records { await apply(record) }
                    await sourceEnded("perf", namespaces.stats)
                }
            }
            if let mounts = sources.mounts {
                let changes = mounts.changes()
                group.addTask { [self] in
                    for await _ in changes { await noteMountsChanged() }
                    await sourceEnded("fanotify", mounts.stats)
                }
            }
            if let eventPublishInterval, eventRoot != nil {
                group.addTask { [self] in await publishOnInterval(eventPublishInterval) }
            }
            await sampleOnInterval()
            sources.stop()  // ends the streams, and with them the tasks above
        }
    }

    /// A source's stream ended: by stop() at shutdown, or because it failed.
    private func sourceEnded(_ name: String, _ stats: EventSourceStats) {
        guard stats.failed else { return }
        logger.warning("event source failed; the exporter carries on with the others (polling at worst)", metadata: ["source": "\(name)"])
        resyncRequested = true
    }

    private func apply(_ update: ProcessUpdate) {
        model.apply(update, asking: eventRoot, identify: identify)
    }

    /// `NS_GET_ID` through the event root (nil on kernels before 6.18).
    private func identify(_ pid: Int32, _ type: NamespaceType) -> UInt64? {
        eventRoot?.namespaceID(pid: pid, type)
    }

    /// A namespaces record: a new task, or a running one that moved. Only a
    /// process whose links differ from the model's is re-read; the record's
    /// own inodes win over the re-read's, so a process that moved again
    /// since is applied one move at a time, in the order the kernel made them.
    private func apply(_ record: NamespaceRecord) {
        switch record {
        case .lost:
            resyncRequested = true  // counted by the source; the publish loop sees it too
        case .namespaces(let pid, _, let inodes, let time):
            if let known = model.process(pid), inodes.allSatisfy({ known.links[member: $0.key] == $0.value }) {
                // Already so (a resync may have shown it first): nothing to apply, but it explains a difference.
                model.explain(pid: pid, at: time)
                return
            }
            guard let root = eventRoot, var update = root.update(pid: pid, time: time) else { return }
            for (type, ino) in inodes { update.record?.links[member: type] = ino }
            model.apply(update, asking: root, identify: identify)
        }
    }

    private func noteMountsChanged() {
        mountsChanged = true
    }

    /// Re-reads the mountinfo of every mount namespace the model knows
    /// after mount events, and watches the ones not watched yet.
    private func refreshMounts() {
        guard let root = eventRoot else { return }
        let readers = model.mountNamespaceReaders()
        if mountsChanged {
            mountsChanged = false
            model.apply(BindMounts.read(root, readers: readers).0)
        }
        guard let mounts = sources.mounts, !mounts.stats.failed else { return }
        mounts.keepWatching(only: Set(readers.map(\.0)))
        for (ino, pid) in readers { mounts.watch(ino, opening: "\(pid)/ns/mnt", in: root) }
    }

    /// Between scans: counts settled corrections, re-reads mounts after mount
    /// events, and publishes what changed. Nothing happens on a quiet host.
    private func publishOnInterval(_ every: Duration) async {
        while true {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: every) }
            } catch {
                return
            }
            let lost = sources.byName.reduce(0) { $0 + ($1.stats?.overruns.load(ordering: .relaxed) ?? 0) }
            if lost != lostSeen {
                lostSeen = lost
                resyncRequested = true
            }
            let counted = model.corrections
            model.settle(now: wallClockSeconds())
            if model.corrections != counted {
                logger.debug("resync corrected the model", metadata: ["corrections": "\(model.lastCorrections)"])
            }
            await collectStatsIfScraped()
            guard model.version != publishedVersion || mountsChanged, publisher.due else { continue }
            refreshMounts()
            await publish()
        }
    }

    /// Runs the per-namespace collectors over the model when someone scrapes
    /// and the last run is a scrape interval old: between scans the counters
    /// (net, pid) follow the scrapes, never faster than `--sample.interval`;
    /// the rest run only for namespaces new since they last ran.
    private func collectStatsIfScraped() async {
        guard !sampler.options.stats.isEmpty, model.scan != nil else { return }
        guard let period = state.scrapes.statsPeriod(floor: interval.seconds), monotonicSeconds() - statsCollectedAt >= period else { return }
        statsCollectedAt = monotonicSeconds()
        let snapshot = model.current()
        let fresh = model.withoutStats(snapshot)
        let result = await withCheckedContinuation { [sampler, queue] continuation in
            queue.async { continuation.resume(returning: Result { try sampler.collectStats(snapshot, fresh: fresh) }) }
        }
        guard case .success(let collected) = result else { return }
        counters.parseErrors.merge(collected.parseErrors, uniquingKeysWith: +)
        model.apply(collected)
    }

    /// Full scans: every resync interval while events are complete, every
    /// sample interval otherwise, and soon after a source lost events.
    private func sampleOnInterval() async {
        var last = monotonicSeconds()
        while true {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(250)) }
            } catch {
                return  // graceful shutdown (or cancellation) ends the loop
            }
            let period = sources.membershipComplete ? resyncInterval : interval
            guard resyncRequested || monotonicSeconds() - last >= period.seconds else { continue }
            resyncRequested = false
            last = monotonicSeconds()
            await sampleOnce()
        }
    }

    /// Asks for a full scan at the next check (tests; `/-/reload` later).
    public func requestResync() {
        resyncRequested = true
    }

    /// Takes one full scan, resyncs the model with it and publishes; a
    /// failed scan keeps the model and counts the error.
    public func sampleOnce() async {
        // Process events applied while the scan runs are newer than it.
        let sequence = model.tracker.eventSequence
        let result = await withCheckedContinuation { [sampler, queue, previous = model.scan] continuation in
            queue.async { continuation.resume(returning: Result { try sampler.sample(previous: previous) }) }
        }
        switch result {
        case .success(let snapshot):
            counters.record(snapshot)
            statsCollectedAt = monotonicSeconds()
            model.resync(snapshot, scanStartedAt: sequence, endedAt: wallClockSeconds())
            mountsChanged = false
            refreshMounts()
            warnIfUnreadable(snapshot)
            logger.debug("sample done", metadata: [
                "namespaces": "\(snapshot.namespaces.count)",
                "processes": "\(snapshot.processCounts.scanned)",
                "duration_seconds": "\(snapshot.duration)",
            ])
        case .failure(let error):
            counters.sampleErrors += 1
            logger.error("sample failed", metadata: ["error": "\(error)"])
        }
        guard model.scan != nil else { return }
        await publish()
    }

    private func warnIfUnreadable(_ snapshot: Snapshot) {
        guard snapshot.processCounts.unreadable > 0 && !warnedUnreadable else { return }
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

    /// Publishes the model as it is now, with the counters and churn.
    private func publish() async {
        let started = monotonicSeconds()
        publishedVersion = model.version
        var snapshot = model.current()
        // A few small files per new container; known ones cost a lookup.
        snapshot.containerNames = containerNames.names(of: snapshot.containers.liveIDs)
        counters.parseErrors.merge(containerNames.takeParseErrors(), uniquingKeysWith: +)
        let next = publisher.prepare(snapshot, churn: ChurnView(model: model, snapshot: snapshot, sources: sources), counters: counters)
        await publisher.warm(next)
        publisher.hand(next, startedAt: started)
    }
}
