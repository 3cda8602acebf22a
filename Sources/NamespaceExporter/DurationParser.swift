/// Parses Prometheus-style durations: `500ms`, `5s`, `1m30s`, `2h`.
public enum DurationParser {
    public struct ParseError: Error, CustomStringConvertible {
        public var text: String
        public var description: String { "invalid duration \"\(text)\": want e.g. 500ms, 5s, 1m30s (units ms, s, m, h, d)" }
    }

    public static func parse(_ text: String) throws(ParseError) -> Duration {
        var total = Duration.zero
        var rest = Substring(text)
        guard !rest.isEmpty else { throw ParseError(text: text) }
        while !rest.isEmpty {
            let digits = rest.prefix(while: \.isASCIIDigit)
            let unit = rest.dropFirst(digits.count).prefix(while: { !$0.isASCIIDigit })
            guard let amount = Int64(digits), let seconds = unitMilliseconds[String(unit)] else { throw ParseError(text: text) }
            total += .milliseconds(amount * seconds)
            rest = rest.dropFirst(digits.count + unit.count)
        }
        return total
    }

    private static let unitMilliseconds: [String: Int64] = [
        "ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000,
    ]
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
