/// The fields of `/proc/<pid>/stat` the sampler uses.
public struct ProcessStat: Equatable, Sendable {
    public var pid: Int32
    public var comm: String
    public var ppid: Int32
    /// Start time in clock ticks after boot (field 22): with the pid, a
    /// process's identity over time, since pids are reused.
    public var startTime: UInt64

    public init(pid: Int32, comm: String, ppid: Int32, startTime: UInt64) {
        self.pid = pid
        self.comm = comm
        self.ppid = ppid
        self.startTime = startTime
    }

    /// Parses `pid (comm) state ppid …`. The comm may itself hold spaces and
    /// parentheses, so it runs from the first `(` to the last `)`.
    public init<Bytes: BidirectionalCollection<UInt8>>(parsing bytes: Bytes) throws(ProcParseError) {
        guard let open = bytes.firstIndex(of: UInt8(ascii: "(")),
              let close = bytes.lastIndex(of: UInt8(ascii: ")")), open < close
        else { throw ProcParseError("stat", .missing("(comm)")) }
        guard let pid = parseDecimal(bytes[..<open].dropLast()), pid <= Int32.max
        else { throw ProcParseError("stat", .badNumber(field: "pid")) }
        let comm = String(decoding: bytes[bytes.index(after: open)..<close], as: UTF8.self)
        // Fields after the comm, counted from 3 (state).
        let fields = bytes[bytes.index(after: close)...].split(separator: UInt8(ascii: " "))
        guard fields.count >= 20 else { throw ProcParseError("stat", .tooFewFields(fields.count + 2)) }
        guard let ppid = parseDecimal(fields[1]), ppid <= Int32.max,
              let start = parseDecimal(fields[19].prefix(while: { $0 != UInt8(ascii: "\n") }))
        else { throw ProcParseError("stat", .badNumber(field: "ppid or starttime")) }
        self.init(pid: Int32(pid), comm: comm, ppid: Int32(ppid), startTime: start)
    }

    public init(parsing text: String) throws(ProcParseError) {
        try self.init(parsing: Array(text.utf8))
    }
}
