/// Monotonic churn counters per namespace type, and the histogram of
/// lifetimes of destroyed namespaces whose creation was seen.
public struct ChurnCounters: Hashable, Sendable {
    /// Upper bounds of the lifetime histogram, seconds: 10 ms to 1 day.
    public static let lifetimeBuckets: [Double] = [
        0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 43200, 86400,
    ]

    public var created: [NamespaceType: Int] = [:]
    public var destroyed: [NamespaceType: Int] = [:]
    public var joins: [NamespaceType: Int] = [:]
    public var leaves: [NamespaceType: Int] = [:]
    public var lifetimes: [NamespaceType: Histogram] = [:]

    public init() {}

    mutating func count(_ event: ChurnEvent) {
        let type = event.namespace.type
        switch event.kind {
        case .created: created[type, default: 0] += 1
        case .destroyed:
            destroyed[type, default: 0] += 1
            if let lifetime = event.lifetime { lifetimes[type, default: Histogram(bounds: Self.lifetimeBuckets)].observe(lifetime) }
        case .joined: joins[type, default: 0] += 1
        case .left: leaves[type, default: 0] += 1
        }
    }
}
