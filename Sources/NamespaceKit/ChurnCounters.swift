/// Monotonic churn counters per namespace type, and the histogram of
/// lifetimes of destroyed namespaces whose creation was seen.
public struct ChurnCounters: Hashable, Sendable {
    /// Upper bounds of the lifetime histogram, seconds: 10 ms to 1 day.
    public static let lifetimeBuckets: [Double] = [
        0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 43200, 86400,
    ]

    public struct Lifetimes: Hashable, Sendable {
        /// Cumulative counts per bucket of `lifetimeBuckets` (`le`), then `+Inf` is `count`.
        public var buckets = Array(repeating: 0, count: ChurnCounters.lifetimeBuckets.count)
        public var count = 0
        public var sum = 0.0

        public init() {}

        mutating func observe(_ seconds: Double) {
            for (index, bound) in ChurnCounters.lifetimeBuckets.enumerated() where seconds <= bound {
                buckets[index] += 1
            }
            count += 1
            sum += seconds
        }
    }

    public var created: [NamespaceType: Int] = [:]
    public var destroyed: [NamespaceType: Int] = [:]
    public var joins: [NamespaceType: Int] = [:]
    public var leaves: [NamespaceType: Int] = [:]
    public var lifetimes: [NamespaceType: Lifetimes] = [:]

    public init() {}

    mutating func count(_ event: ChurnEvent) {
        let type = event.namespace.type
        switch event.kind {
        case .created: created[type, default: 0] += 1
        case .destroyed:
            destroyed[type, default: 0] += 1
            if let lifetime = event.lifetime { lifetimes[type, default: .init()].observe(lifetime) }
        case .joined: joins[type, default: 0] += 1
        case .left: leaves[type, default: 0] += 1
        }
    }
}
