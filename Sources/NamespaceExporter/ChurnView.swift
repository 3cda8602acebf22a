import NamespaceKit

/// What the churn tracker and the event source say at one publish: the
/// input to the churn series and to `/events`.
public struct ChurnView: Sendable {
    public enum Source: String, Sendable, CaseIterable {
        case procConnector = "proc_connector"
        case poll
    }

    public var counters = ChurnCounters()
    /// First-seen time of each namespace alive now.
    public var firstSeen: [NamespaceKey: Double] = [:]
    public var source = Source.poll
    public var processEvents = 0
    public var connectorOverruns = 0
    public var eventsDropped = 0
    public var connectorFailures = 0
    public var recent: [ChurnEvent] = []
    /// Every event source: whether it is live, and what it counted.
    public var sources: [EventSourceView] = ["proc_connector", "perf", "fanotify"].map { EventSourceView(name: $0, live: false) }
    /// Whether the periodic scan is how membership is observed (no complete events).
    public var polling = true
    public var corrections: [CorrectionKind: Int] = [:]

    public struct EventSourceView: Sendable {
        public var name: String
        public var live: Bool
        public var events = 0
        public var lost = 0
        public var failures = 0
    }

    public init() {}

    /// The tracker's view for the namespaces of `snapshot`.
    public init(tracker: ChurnTracker, snapshot: Snapshot, source: Source, stats: EventSourceStats?) {
        counters = tracker.counters
        for namespace in snapshot.namespaces {
            let key = namespace.key
            if let seen = tracker.firstSeen(key) { firstSeen[key] = seen }
        }
        self.source = source
        processEvents = stats?.events.load(ordering: .relaxed) ?? 0
        connectorOverruns = stats?.overruns.load(ordering: .relaxed) ?? 0
        eventsDropped = stats?.dropped.load(ordering: .relaxed) ?? 0
        connectorFailures = stats?.failures.load(ordering: .relaxed) ?? 0
        recent = tracker.recent.events
        if source == .procConnector { sources[0].live = true }
    }

    /// The model's view, with every event source.
    public init(model: HostModel, snapshot: Snapshot, sources: EventSources) {
        self.init(
            tracker: model.tracker, snapshot: snapshot,
            source: sources.processes.map { $0.stats.failed ? .poll : .procConnector } ?? .poll, stats: sources.processes?.stats)
        polling = !sources.membershipComplete
        corrections = model.corrections
        self.sources = sources.byName.map { name, stats in
            EventSourceView(
                name: name, live: stats.map { !$0.failed } ?? false, events: stats?.events.load(ordering: .relaxed) ?? 0,
                lost: stats?.overruns.load(ordering: .relaxed) ?? 0, failures: stats?.failures.load(ordering: .relaxed) ?? 0)
        }
    }
}
