/// `/proc/<pid>/net/sockstat` and `sockstat6`: sockets of the process's
/// network namespace by protocol, `TCP: inuse 5 orphan 0 tw 0 alloc 7 mem 1`.
public enum SockStat {
    public struct Count: Equatable, Hashable, Sendable {
        /// Lower case: `tcp`, `udp6`, `frag`, …
        public var proto: String
        /// `inuse`, `orphan`, `tw`, `alloc`.
        public var state: String
        public var value: UInt64
    }

    /// Socket counts; `sockets: used` (host-wide) and memory (pages) are left out.
    public static func parse(_ text: Substring, file: String = "net/sockstat") -> ParsedLines<[Count]> {
        ParsedLines(text, file: file) { line throws(ProcParseError) in
            guard let colon = line.firstIndex(of: ":") else { throw ProcParseError(file, .missing("\"PROTO:\"")) }
            let proto = line[..<colon].lowercased()
            guard proto != "sockets" else { return nil }
            let words = line[line.index(after: colon)...].split(separator: " ")
            guard words.count % 2 == 0, !words.isEmpty else { throw ProcParseError(file, .tooFewFields(words.count)) }
            var counts: [Count] = []
            for index in stride(from: 0, to: words.count, by: 2) where words[index] != "mem" && words[index] != "memory" {
                guard let value = parseDecimal(words[index + 1].utf8) else { throw ProcParseError(file, .badNumber(field: "\(proto) \(words[index])")) }
                counts.append(Count(proto: proto, state: String(words[index]), value: value))
            }
            return counts
        }
    }
}

/// `/proc/<pid>/net/stat/nf_conntrack` (present when netfilter's conntrack
/// is loaded): one line of hex counters per CPU after a header; `entries`,
/// the first column, is the namespace's conntrack table size on every line.
public enum ConntrackStat {
    public static func entries(_ text: Substring) throws(ProcParseError) -> UInt64 {
        let lines = text.split(separator: "\n")
        guard lines.count >= 2, lines[0].hasPrefix("entries") else { throw ProcParseError("net/stat/nf_conntrack", .missing("entries header")) }
        guard let field = lines[1].split(separator: " ").first, let entries = UInt64(field, radix: 16) else {
            throw ProcParseError("net/stat/nf_conntrack", .badNumber(field: "entries"))
        }
        return entries
    }
}
