/// `/proc/<pid>/net/dev`: the interfaces of the network namespace the process is in.
public enum NetDev {
    /// Interface names, in file order. The first two lines are headers; each
    /// other line is `  name: counters…`. Malformed lines are skipped.
    public static func interfaceNames(_ text: Substring) -> [String] {
        text.split(separator: "\n").dropFirst(2).compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = line[..<colon].trimmingSpaces
            return name.isEmpty ? nil : String(name)
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
