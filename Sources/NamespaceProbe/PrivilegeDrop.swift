import CLibcap
import NamespaceKit
#if canImport(Glibc)
import Glibc
#endif

/// Least privilege at start: keep only the capabilities the enabled parts
/// need, in every set (effective, permitted, inheritable, ambient, bounding),
/// and forbid any later exec from gaining more (no_new_privs).
///
/// Capabilities belong to threads: call this while the process has one
/// thread, so every thread started later inherits the reduced sets.
public enum PrivilegeDrop {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// What was kept and what was given up, for the log line.
    public struct Outcome: Sendable {
        public var kept: CapabilitySet
        public var dropped: [String]
    }

    /// Keeps `needed` ∩ the permitted set. Throws when the kernel refuses a step.
    public static func keep(only needed: CapabilitySet) throws(Failure) -> Outcome {
        let threads = threadCount()
        guard threads == 1 else {
            throw Failure(description: "capabilities must be dropped while the process has one thread, it has \(threads)")
        }
        let last = cap_max_bits()
        guard let caps = cap_get_proc() else { throw Failure(description: "cap_get_proc: \(errnoName(errno))") }
        defer { cap_free(UnsafeMutableRawPointer(caps)) }
        var dropped: [String] = []
        var kept = CapabilitySet(mask: 0)
        // The bounding set first: dropping from it needs CAP_SETPCAP, which goes next.
        let canDropBound = flag(caps, CAP_SETPCAP, CAP_EFFECTIVE)
        for bit in 0..<Int32(last) {
            let value = cap_value_t(bit)
            let wanted = bit < 64 && needed.mask & (1 << UInt64(bit)) != 0
            if flag(caps, value, CAP_PERMITTED) {
                if wanted { kept.mask |= 1 << UInt64(bit) } else { dropped.append(name(value)) }
            }
            if !wanted, canDropBound, cap_get_bound(value) == 1, cap_drop_bound(value) != 0 {
                throw Failure(description: "dropping \(name(value)) from the bounding set: \(errnoName(errno))")
            }
        }
        guard cap_clear(caps) == 0 else { throw Failure(description: "cap_clear: \(errnoName(errno))") }
        var list = Capability.allCases.compactMap { kept.contains($0) ? cap_value_t($0.rawValue) : nil }
        if !list.isEmpty {
            for set in [CAP_PERMITTED, CAP_EFFECTIVE] where cap_set_flag(caps, set, Int32(list.count), &list, CAP_SET) != 0 {
                throw Failure(description: "cap_set_flag: \(errnoName(errno))")
            }
        }
        guard cap_set_proc(caps) == 0 else { throw Failure(description: "cap_set_proc: \(errnoName(errno))") }
        _ = cap_reset_ambient()
        guard cap_prctlw(Int(PR_SET_NO_NEW_PRIVS), 1, 0, 0, 0, 0) == 0 else { throw Failure(description: "PR_SET_NO_NEW_PRIVS: \(errnoName(errno))") }
        return Outcome(kept: kept, dropped: dropped)
    }

    private static func threadCount() -> Int {
        guard let dir = opendir("/proc/self/task") else { return -1 }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            if !entryName(entry).hasPrefix(".") { count += 1 }
        }
        return count
    }

    private static func flag(_ caps: cap_t, _ value: cap_value_t, _ set: cap_flag_t) -> Bool {
        var state = CAP_CLEAR
        return cap_get_flag(caps, value, set, &state) == 0 && state == CAP_SET
    }

    private static func name(_ value: cap_value_t) -> String {
        guard let text = cap_to_name(value) else { return "cap_\(value)" }
        defer { cap_free(text) }
        return String(cString: text)
    }
}
