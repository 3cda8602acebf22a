/// The kernel's pid allocator position (`sys/kernel/ns_last_pid`, `pid_max`).
///
/// Pids are handed out upward from the last one and wrap at `pid_max`, so
/// every pid allocated between two samples lies in the cyclic interval
/// (previous last, current last]. A pid outside it that both samples saw is
/// the same process, and its start time need not be read again: `stat` is
/// the dearest file a sample reads.
public struct PidCounter: Hashable, Sendable {
    public var lastPID: Int32
    public var pidMax: Int32

    public init(lastPID: Int32, pidMax: Int32) {
        self.lastPID = lastPID
        self.pidMax = pidMax
    }

    /// Whether `pid` may have been allocated (again) since `previous`.
    public func mayHaveAllocated(_ pid: Int32, since previous: PidCounter) -> Bool {
        guard pidMax == previous.pidMax else { return true }
        if lastPID >= previous.lastPID {
            return pid > previous.lastPID && pid <= lastPID
        }
        return pid > previous.lastPID || pid <= lastPID  // wrapped past pid_max
    }
}

extension ProcRoot {
    /// The allocator position, if this procfs shows it (a fixture may not).
    public func pidCounter() -> PidCounter? {
        guard case .success(let last) = read("sys/kernel/ns_last_pid", limit: 32),
              case .success(let max) = read("sys/kernel/pid_max", limit: 32),
              let lastPID = parseDecimal(last.prefix { $0 != UInt8(ascii: "\n") }),
              let pidMax = parseDecimal(max.prefix { $0 != UInt8(ascii: "\n") }),
              lastPID <= Int32.max, pidMax <= Int32.max
        else { return nil }
        return PidCounter(lastPID: Int32(lastPID), pidMax: Int32(pidMax))
    }
}
