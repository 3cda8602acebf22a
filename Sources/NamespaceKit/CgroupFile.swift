/// `/proc/<pid>/cgroup`: one `hierarchy-ID:controllers:path` line per hierarchy.
public enum CgroupFile {
    /// The path of every well-formed line; the path may itself hold colons.
    public static func paths(_ text: Substring) -> [Substring] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            return fields.count == 3 ? fields[2] : nil
        }
    }
}
