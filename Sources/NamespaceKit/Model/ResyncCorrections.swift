/// What a resync (a full scan) found that the events had not told the
/// model. Zero of the event-visible kinds is the proof that the events
/// missed nothing.
public enum CorrectionKind: String, CaseIterable, Sendable, Comparable {
    /// A process the model did not know.
    case processAppeared = "process_appeared"
    /// A process the model thought alive had gone.
    case processVanished = "process_vanished"
    /// A process's namespace links differed from the model's.
    case processChanged = "process_changed_links"
    /// A namespace reachable from processes that the model did not have.
    case namespaceAppeared = "namespace_appeared"
    /// A namespace the model held reachable from processes that was not.
    case namespaceVanished = "namespace_vanished"
    /// An nsfs bind mount attached or detached without a mount event.
    case bindMountChanged = "bindmount_changed"
    /// Open fds, sockets or threads: these have no event, only the resync sees them.
    case holderChanged = "holder_changed"

    /// Kinds that events should have told: a correction of these is a miss.
    public var eventVisible: Bool { self != .holderChanged }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Corrections found by a resync, held for a grace period before they are
/// counted: an event read before the scan but applied after it explains a
/// difference, and cancels it.
struct PendingCorrections {
    /// When the scan ended (wall clock): events read before then may explain a difference.
    var scanEnded: Double
    /// When to count what is left (wall clock).
    var deadline: Double
    var processes: [Int32: CorrectionKind] = [:]
    /// Namespace differences, with the pids whose events would explain them.
    var namespaces: [(kind: CorrectionKind, pids: [Int32])] = []
    var bindMounts = 0
    var holders = 0
    var cancelled: Set<Int32> = []
    var mountEventSeen = false

    mutating func explain(pid: Int32, readAt time: Double) {
        guard time <= scanEnded else { return }
        if processes.removeValue(forKey: pid) != nil || namespaces.contains(where: { $0.pids.contains(pid) }) {
            cancelled.insert(pid)
        }
    }

    /// What is left, described for the debug log.
    func described() -> [String] {
        processes.map { "\($0.value.rawValue) pid \($0.key)" }
            + namespaces.filter { !$0.pids.contains(where: cancelled.contains) }.map { "\($0.kind.rawValue) pids \($0.pids.prefix(5))" }
    }

    /// What is left to count.
    func confirmed() -> [CorrectionKind: Int] {
        var counts: [CorrectionKind: Int] = [:]
        for kind in processes.values { counts[kind, default: 0] += 1 }
        for (kind, pids) in namespaces where !pids.contains(where: cancelled.contains) { counts[kind, default: 0] += 1 }
        if !mountEventSeen && bindMounts > 0 { counts[.bindMountChanged] = bindMounts }
        if holders > 0 { counts[.holderChanged] = holders }
        return counts
    }
}
