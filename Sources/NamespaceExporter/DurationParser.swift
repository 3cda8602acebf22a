/// Parses Prometheus-style durations: `500ms`, `5s`, `1m30s`, `2h`, and `250us`.
public enum DurationParser {
    public struct ParseError: Error, CustomStringConvertible {
        public var text: String
        public var description: String { "invalid duration \"\(text)\": want e.g. 500ms, 5s, 1m30s (units us, ms, s, m, h, d)" }
    }

    public static func parse(_ text: String) throws(ParseError) -> Duration {
        var nanoseconds: Int64 = 0
        var rest = Substring(text)
        guard !rest.isEmpty else { throw ParseError(text: text) }
        while !rest.isEmpty {
            let digits = rest.prefix(while: \.isASCIIDigit)
            let unit = rest.dropFirst(digits.count).prefix(while: { !$0.isASCIIDigit })
            guard let amount = Int64(digits), let scale = unitNanoseconds[String(unit)] else { throw ParseError(text: text) }
            let (part, overflow) = amount.multipliedReportingOverflow(by: scale)
            let (sum, overflowSum) = nanoseconds.addingReportingOverflow(part)
            guard !overflow, !overflowSum else { throw ParseError(text: text) }
            nanoseconds = sum
            rest = rest.dropFirst(digits.count + unit.count)
        }
        return .nanoseconds(nanoseconds)
    }

    private static let unitNanoseconds: [String: Int64] = [
        "us": 1000, "µs": 1000, "ms": 1_000_000, "s": 1_000_000_000, "m": 60_000_000_000,
        "h": 3_600_000_000_000, "d": 86_400_000_000_000,
    ]
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
