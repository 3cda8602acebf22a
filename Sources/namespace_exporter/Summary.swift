/// Order statistics of a bench run, formatted to two decimals.
struct Summary {
    let min, median, p90, p99, max: String

    init(_ values: [Double]) {
        let sorted = values.sorted()
        let pick = { (q: Double) in sorted[Swift.min(sorted.count - 1, Int(Double(sorted.count) * q))] }
        min = Self.format(sorted[0])
        median = Self.format(pick(0.5))
        p90 = Self.format(pick(0.9))
        p99 = Self.format(pick(0.99))
        max = Self.format(sorted[sorted.count - 1])
    }

    static func format(_ value: Double) -> String {
        String(Double(Int(value * 100)) / 100)
    }
}
