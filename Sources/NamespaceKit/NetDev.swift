/// `/proc/<pid>/net/dev`: the interfaces of the network namespace the process is in.
public enum NetDev {
    /// Interface names, in file order, and an error per malformed line. The
    /// first two lines are headers; each other line is `  name: counters…`.
    public static func interfaceNames(_ text: Substring) -> ParsedLines<String> {
        let body = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).dropFirst(2).first ?? ""
        return ParsedLines(body, file: "net/dev") { line throws(ProcParseError) in
            guard let colon = line.firstIndex(of: ":") else { throw ProcParseError("net/dev", .missing("\"name:\"")) }
            let name = line[..<colon].trimmingSpaces
            guard !name.isEmpty else { throw ProcParseError("net/dev", .missing("interface name")) }
            return String(name)
        }
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        return self[first...last]
    }
}
