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

    public init() {}

    /// The tracker's view for the namespaces of `snapshot`.
    public init(tracker: ChurnTracker, snapshot: Snapshot, source: Source, stats: ProcessEventStats?) {
        counters = tracker.counters
        for namespace in snapshot.namespaces {
            let key = NamespaceKey(type: namespace.type, ino: namespace.id.ino)
            if let seen = tracker.firstSeen(key) { firstSeen[key] = seen }
        }
        self.source = source
        processEvents = stats?.events.load(ordering: .relaxed) ?? 0
        connectorOverruns = stats?.overruns.load(ordering: .relaxed) ?? 0
        eventsDropped = stats?.dropped.load(ordering: .relaxed) ?? 0
        connectorFailures = stats?.failures.load(ordering: .relaxed) ?? 0
        recent = tracker.recent.events
    }
}
