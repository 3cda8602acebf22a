/// The eight kinds of Linux namespace, named as in `/proc/<pid>/ns/<name>`.
public enum NamespaceType: String, CaseIterable, Sendable, Codable, Comparable {
    case cgroup, ipc, mnt, net, pid, time, user, uts

    /// The `CLONE_NEW*` flag that creates this type (`clone(2)`, `unshare(2)`).
    public var cloneFlag: Int32 {
        switch self {
        case .cgroup: 0x0200_0000
        case .ipc: 0x0800_0000
        case .mnt: 0x0002_0000
        case .net: 0x4000_0000
        case .pid: 0x2000_0000
        case .time: 0x0000_0080
        case .user: 0x1000_0000
        case .uts: 0x0400_0000
        }
    }

    public init?(cloneFlag: Int32) {
        guard let match = Self.allCases.first(where: { $0.cloneFlag == cloneFlag }) else { return nil }
        self = match
    }

    /// Only pid and user namespaces form a tree (`NS_GET_PARENT`).
    public var isHierarchical: Bool { self == .pid || self == .user }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
