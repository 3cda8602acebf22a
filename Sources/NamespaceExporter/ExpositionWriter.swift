import NamespaceKit

/// Writes the Prometheus text exposition format 0.0.4 or OpenMetrics 1.0:
/// `# HELP`, `# TYPE` and samples, with the escaping each requires.
struct ExpositionWriter {
    enum MetricType: String {
        case counter, gauge, histogram
    }

    enum Format: Sendable, Hashable {
        case prometheus
        /// Counters are named without `_total` in `# TYPE` and get a
        /// `_created` series (`created`: when they started, Unix seconds);
        /// the body ends with `# EOF`.
        case openMetrics(created: Double)
    }

    /// What is written so far (no `# EOF`).
    private(set) var text = ""
    private let format: Format
    /// OpenMetrics: the current counter family's name, whose `_total` samples get a `_created` twin.
    private var counterFamily: String?

    init(reservingCapacity capacity: Int = 16 * 1024, format: Format = .prometheus) {
        text.reserveCapacity(capacity)
        self.format = format
    }

    /// The finished exposition.
    var body: String {
        format == .prometheus ? text : text + "# EOF\n"
    }

    mutating func family(_ name: String, _ type: MetricType, help: String) {
        guard case .openMetrics = format else {
            text += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(type.rawValue)\n"
            return
        }
        let family = type == .counter && name.hasSuffix("_total") ? String(name.dropLast("_total".count)) : name
        counterFamily = type == .counter ? family : nil
        // OpenMetrics escapes `"` in HELP too.
        text += "# HELP \(family) \(Self.escapeLabelValue(help))\n# TYPE \(family) \(type.rawValue)\n"
    }

    mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Double) {
        sample(name, labels, formatted: Self.format(value))
    }

    mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Int) {
        sample(name, labels, formatted: String(value))
    }

    /// A family of one unlabelled sample.
    mutating func single(_ name: String, _ type: MetricType, help: String, _ value: Double) {
        family(name, type, help: help)
        sample(name, [], value)
    }

    mutating func single(_ name: String, _ type: MetricType, help: String, _ value: Int) {
        family(name, type, help: help)
        sample(name, [], value)
    }

    mutating func sample(_ name: String, _ value: Double) { sample(name, [], value) }

    /// The `_bucket`, `_sum` and `_count` series of one labelled histogram.
    mutating func histogram(_ name: String, _ labels: [(String, String)], _ histogram: Histogram) {
        for (bound, count) in zip(histogram.bounds, histogram.buckets) {
            sample("\(name)_bucket", labels + [("le", Self.format(bound))], count)
        }
        sample("\(name)_bucket", labels + [("le", "+Inf")], histogram.count)
        sample("\(name)_sum", labels, histogram.sum)
        sample("\(name)_count", labels, histogram.count)
    }

    mutating func sample(_ name: String, _ value: Int) { sample(name, [], value) }

    private mutating func sample(_ name: String, _ labels: [(String, String)], formatted value: String) {
        text += name
        if !labels.isEmpty {
            text += "{"
            for (index, (key, labelValue)) in labels.enumerated() {
                if index > 0 { text += "," }
                text += key
                text += "=\""
                text += Self.escapeLabelValue(labelValue)
                text += "\""
            }
            text += "}"
        }
        text += " "
        text += value
        text += "\n"
        if case .openMetrics(let created) = format, let family = counterFamily, name == family + "_total" {
            sample(family + "_created", labels, formatted: Self.format(created))
        }
    }

    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// Label values escape `\`, `"` and newline.
    static func escapeLabelValue(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") })
        else { return value }
        var escaped = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// HELP text escapes `\` and newline.
    static func escapeHelp(_ help: String) -> String {
        help.replacing("\\", with: "\\\\").replacing("\n", with: "\\n")
    }
}
