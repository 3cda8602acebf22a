/// A Prometheus-style histogram: cumulative counts per upper bound (`le`),
/// the total count (`+Inf`) and the sum.
public struct Histogram: Hashable, Sendable {
    public let bounds: [Double]
    public private(set) var buckets: [Int]
    public private(set) var count = 0
    public private(set) var sum = 0.0

    public init(bounds: [Double]) {
        self.bounds = bounds
        buckets = Array(repeating: 0, count: bounds.count)
    }

    public mutating func observe(_ value: Double) {
        for (index, bound) in bounds.enumerated() where value <= bound {
            buckets[index] += 1
        }
        count += 1
        sum += value
    }
}
