import CLibcap

/// The capabilities that decide what the exporter can see and probe.
public enum Capability: Int32, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    case dacOverride = 1      // CAP_DAC_OVERRIDE
    case dacReadSearch = 2    // CAP_DAC_READ_SEARCH
    case setgid = 6
    case setuid = 7
    case netBindService = 10  // a --web.listen-address port below 1024
    case netAdmin = 12
    case sysChroot = 18
    case sysPtrace = 19
    case sysAdmin = 21
    case sysTime = 25
    case perfmon = 38         // perf namespaces records of every task

    /// The name libcap and capabilities(7) use: `cap_sys_admin`.
    public var description: String {
        guard let text = cap_to_name(cap_value_t(rawValue)) else { return "cap_\(rawValue)" }
        defer { cap_free(text) }
        return String(cString: text)
    }

    public var mask: UInt64 { 1 << UInt64(rawValue) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A set of capabilities, e.g. the process's effective set.
public struct CapabilitySet: Hashable, Sendable {
    public var mask: UInt64

    public init(mask: UInt64) { self.mask = mask }

    public init(_ capabilities: [Capability]) {
        mask = capabilities.reduce(0) { $0 | $1.mask }
    }

    /// The calling thread's effective set, read with libcap; empty if unreadable.
    public static func effective() -> CapabilitySet {
        guard let caps = cap_get_proc() else { return CapabilitySet(mask: 0) }
        defer { cap_free(UnsafeMutableRawPointer(caps)) }
        var mask: UInt64 = 0
        for bit in 0..<Int32(min(64, cap_max_bits())) {
            var value = CAP_CLEAR
            if cap_get_flag(caps, cap_value_t(bit), CAP_EFFECTIVE, &value) == 0, value == CAP_SET {
                mask |= 1 << UInt64(bit)
            }
        }
        return CapabilitySet(mask: mask)
    }

    public func contains(_ capability: Capability) -> Bool { mask & capability.mask != 0 }

    /// Those of `needed` not in this set.
    public func missing(_ needed: CapabilitySet) -> [Capability] {
        Capability.allCases.filter { needed.contains($0) && !contains($0) }
    }
}
