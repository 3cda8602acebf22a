/// `/proc/<pid>/uid_map` and `gid_map`: `inside outside count` ranges, the
/// outside ids as seen from the reader's user namespace.
public struct IDMapRange: Equatable, Hashable, Sendable {
    public var inside: UInt32
    public var outside: UInt32
    public var count: UInt32

    public init(inside: UInt32, outside: UInt32, count: UInt32) {
        self.inside = inside
        self.outside = outside
        self.count = count
    }

    /// The initial user namespace's map: every id is itself.
    public static let identity = [IDMapRange(inside: 0, outside: 0, count: UInt32.max)]

    public static func parse(_ text: Substring, file: String = "uid_map") -> ParsedLines<IDMapRange> {
        ParsedLines(text, file: file) { line throws(ProcParseError) in
            let fields = line.split(separator: " ")
            guard fields.count == 3 else { throw ProcParseError(file, .tooFewFields(fields.count)) }
            guard let inside = UInt32(fields[0]), let outside = UInt32(fields[1]), let count = UInt32(fields[2]) else {
                throw ProcParseError(file, .badNumber(field: "range"))
            }
            return IDMapRange(inside: inside, outside: outside, count: count)
        }
    }
}

/// `/proc/sysvipc/{msg,sem,shm}` as seen from inside an IPC namespace: a
/// header, then one line per object.
public enum SysVIPC {
    public struct Counts: Equatable, Hashable, Sendable {
        public var messageQueues = 0
        public var semaphoreSets = 0
        public var sharedMemorySegments = 0
        public var sharedMemoryBytes: UInt64 = 0

        public init() {}
    }

    /// Objects in one file (lines after the header).
    public static func objects(_ text: Substring) -> Int {
        max(0, text.split(separator: "\n").count - 1)
    }

    /// The `size` column (the fourth) of `/proc/sysvipc/shm`, summed.
    public static func sharedMemoryBytes(_ text: Substring) -> ParsedLines<UInt64> {
        ParsedLines(text.split(separator: "\n", maxSplits: 1).dropFirst().first ?? "", file: "sysvipc/shm") { line throws(ProcParseError) in
            let fields = line.split(separator: " ")
            guard fields.count >= 4 else { throw ProcParseError("sysvipc/shm", .tooFewFields(fields.count)) }
            guard let size = parseDecimal(fields[3].utf8) else { throw ProcParseError("sysvipc/shm", .badNumber(field: "size")) }
            return size
        }
    }
}
