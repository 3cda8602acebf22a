/// `/proc/<pid>/net/dev`: the interfaces of the network namespace the
/// process is in, with their counters.
public enum NetDev {
    /// One interface's line: `  name: rx bytes packets errs drop fifo frame
    /// compressed multicast, tx bytes packets errs drop fifo colls carrier compressed`.
    public struct Interface: Hashable, Sendable {
        public var name: String
        public var receiveBytes: UInt64
        public var receivePackets: UInt64
        public var receiveErrors: UInt64
        public var receiveDropped: UInt64
        public var transmitBytes: UInt64
        public var transmitPackets: UInt64
        public var transmitErrors: UInt64
        public var transmitDropped: UInt64

        public init(name: String, receive: [UInt64], transmit: [UInt64]) {
            self.name = name
            (receiveBytes, receivePackets, receiveErrors, receiveDropped) = (receive[0], receive[1], receive[2], receive[3])
            (transmitBytes, transmitPackets, transmitErrors, transmitDropped) = (transmit[0], transmit[1], transmit[2], transmit[3])
        }
    }

    /// Every interface, in file order, and an error per malformed line. The
    /// first two lines are headers.
    public static func parse(_ text: Substring) -> ParsedLines<Interface> {
        let body = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).dropFirst(2).first ?? ""
        return ParsedLines(body, file: "net/dev") { line throws(ProcParseError) in
            guard let colon = line.firstIndex(of: ":") else { throw ProcParseError("net/dev", .missing("\"name:\"")) }
            let name = line[..<colon].trimmingSpaces
            guard !name.isEmpty else { throw ProcParseError("net/dev", .missing("interface name")) }
            let fields = line[line.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 16 else { throw ProcParseError("net/dev", .tooFewFields(fields.count)) }
            var numbers: [UInt64] = []
            for field in fields.prefix(16) {
                guard let number = parseDecimal(field.utf8) else { throw ProcParseError("net/dev", .badNumber(field: String(name))) }
                numbers.append(number)
            }
            return Interface(name: String(name), receive: Array(numbers[0..<4]), transmit: Array(numbers[8..<12]))
        }
    }

    /// Interface names, in file order.
    public static func interfaceNames(_ text: Substring) -> ParsedLines<String> {
        let parsed = parse(text)
        var names = ParsedLines<String>()
        names.values = parsed.values.map(\.name)
        names.errors = parsed.errors
        return names
    }
}
