/// What a sample found inside one namespace, by the collectors that ran;
/// each part is nil when its collector is off or could not look.
public struct NamespaceStats: HasEmptyValue, Sendable {
    public static var empty: NamespaceStats { NamespaceStats() }

    /// net: interfaces with their counters, sockets by protocol and state,
    /// conntrack entries (nil where netfilter's conntrack is not loaded).
    public var interfaces: [NetDev.Interface]?
    public var sockets: [SockStat.Count]?
    public var conntrackEntries: UInt64?
    /// mnt: mounts in it, and how many of them are nsfs (namespaces held by bind mounts).
    public var mounts: Int?
    public var nsfsMounts: Int?
    /// uts: its host and domain name.
    public var hostname: String?
    public var domainname: String?
    /// ipc: SysV objects in it.
    public var ipc: SysVIPC.Counts?
    /// user: its id maps, as seen from the exporter's user namespace.
    public var uidMap: [IDMapRange]?
    public var gidMap: [IDMapRange]?
    /// pid: processes whose pid namespace is this one or a descendant (all visible inside),
    /// and their threads (when the thread stage ran).
    public var visibleProcesses: Int?
    public var visibleThreads: Int?

    public init() {}

    public var isEmpty: Bool { self == .empty }
}


/// The per-namespace collectors (`--collector.<name>`).
public enum StatsCollector: String, CaseIterable, Comparable, Sendable {
    case net, mnt, uts, ipc, user, pid

    /// The type of namespace it looks into.
    public var type: NamespaceType {
        switch self {
        case .net: .net
        case .mnt: .mnt
        case .uts: .uts
        case .ipc: .ipc
        case .user: .user
        case .pid: .pid
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Between resyncs, whether it runs at every scrape interval (counters
    /// that change all the time: interface bytes, sockets; and pid, counted
    /// from the model's processes) or only once for each namespace new
    /// since (facts that rarely change: mounts, names, SysV objects, id
    /// maps — read again at each resync).
    public var followsScrapes: Bool { self == .net || self == .pid }

    /// On unless asked off: each costs a read or two per namespace per sample.
    /// ipc is off: it joins every IPC namespace and reads three files.
    public static let defaults: Set<StatsCollector> = [.net, .mnt, .uts, .user, .pid]
}

/// How one collector did in one sample.
public struct CollectorOutcome: Hashable, Sendable {
    public var seconds: Double = 0
    /// Namespaces it could not look into (gone, refused, or a bad file).
    public var failures = 0
    /// Why the first failure happened, for the log.
    public var firstFailure: String?

    public init() {}

    /// As node_exporter: a collector succeeded when nothing failed.
    public var success: Bool { failures == 0 }

    mutating func fail(_ reason: @autoclosure () -> String) {
        failures += 1
        if firstFailure == nil { firstFailure = reason() }
    }
}
