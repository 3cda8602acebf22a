import NamespaceKit

/// Counts of probes run, by module and result, and how long creating
/// namespaces took, by the types created.
public struct ProbeStatistics: Hashable, Sendable {
    /// Upper bounds of the creation-time histogram, seconds: 100 µs to 2.5 s.
    public static let creationBuckets: [Double] = [
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
    ]

    public struct Outcome: Hashable, Sendable, Comparable {
        public var module: String
        /// `success`, `failure`, or `rejected` (429: too many at once, or over budget).
        public var result: String

        public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.module, lhs.result) < (rhs.module, rhs.result) }
    }

    public var probes: [Outcome: Int] = [:]
    /// By created types: `uts`, …, `all`, or `ipc+net` for a module that makes several.
    public var creation: [String: Histogram] = [:]

    public init() {}

    mutating func record(_ result: ProbeResult) {
        probes[Outcome(module: result.module, result: result.success ? "success" : "failure"), default: 0] += 1
        if let label = result.createdLabel, let enter = result.duration(of: .enter) {
            creation[label, default: Histogram(bounds: Self.creationBuckets)].observe(enter.seconds)
        }
    }

    mutating func recordRejected(module: String) {
        probes[Outcome(module: module, result: "rejected"), default: 0] += 1
    }
}
