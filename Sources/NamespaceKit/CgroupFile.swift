/// `/proc/<pid>/cgroup`: one `hierarchy-ID:controllers:path` line per hierarchy.
public enum CgroupFile {
    /// The path of every well-formed line (the path may itself hold
    /// colons), and an error per malformed line.
    public static func paths(_ text: Substring) -> ParsedLines<Substring> {
        ParsedLines(text, file: "cgroup") { line throws(ProcParseError) in
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { throw ProcParseError("cgroup", .tooFewFields(fields.count)) }
            guard parseDecimal(fields[0].utf8) != nil else { throw ProcParseError("cgroup", .badNumber(field: "hierarchy-ID")) }
            return fields[2]
        }
    }
}
