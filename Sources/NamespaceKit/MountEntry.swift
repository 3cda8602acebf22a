/// One line of `/proc/<pid>/mountinfo`:
/// `id parent major:minor root mountpoint options [optional…] - fstype source superoptions`.
public struct MountEntry: Equatable, Sendable {
    /// The root of the mount within its filesystem (for nsfs: the namespace, `net:[4026532600]`).
    public var root: Substring
    public var mountPoint: String
    public var fileSystemType: Substring
    public var source: String

    /// The well-formed lines of a mountinfo file, and an error per malformed one.
    public static func parse(mountinfo text: Substring, truncated: Bool = false) -> ParsedLines<MountEntry> {
        ParsedLines(text, truncated: truncated, file: "mountinfo") { line throws(ProcParseError) in try MountEntry(line: line) }
    }

    public init(line: Substring) throws(ProcParseError) {
        // Bytes, not Characters: a sample parses every line of every mount namespace.
        let fields = line.utf8.split(separator: UInt8(ascii: " "))
        guard fields.count >= 10 else { throw ProcParseError("mountinfo", .tooFewFields(fields.count)) }
        guard let dash = fields.firstIndex(where: { $0.elementsEqual("-".utf8) }), dash >= 6, dash + 2 < fields.count else {
            throw ProcParseError("mountinfo", .missing("\" - \" separator"))
        }
        root = Substring(fields[3])
        mountPoint = Self.unescape(Substring(fields[4]))
        fileSystemType = Substring(fields[dash + 1])
        source = Self.unescape(Substring(fields[dash + 2]))
    }

    /// mountinfo writes space, tab, newline and backslash as `\040` and friends.
    static func unescape(_ field: Substring) -> String {
        guard field.utf8.contains(UInt8(ascii: "\\")) else { return String(field) }
        var bytes: [UInt8] = []
        var utf8 = Array(field.utf8)[...]
        while let byte = utf8.first {
            if byte == UInt8(ascii: "\\"), utf8.count >= 4,
               let value = UInt8(String(decoding: utf8.dropFirst().prefix(3), as: UTF8.self), radix: 8) {
                bytes.append(value)
                utf8 = utf8.dropFirst(4)
            } else {
                bytes.append(byte)
                utf8 = utf8.dropFirst()
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
