/// One process as a sample saw it: who it is and which namespaces its links name.
public struct ProcessRecord: Hashable, Sendable {
    public var pid: Int32
    /// Clock ticks after boot; with the pid, the process's identity over time.
    public var startTime: UInt64
    public var comm: String
    public var links: NamespaceLinks

    public init(pid: Int32, startTime: UInt64, comm: String, links: NamespaceLinks) {
        self.pid = pid
        self.startTime = startTime
        self.comm = comm
        self.links = links
    }

    /// Pids are reused; a pid with another start time is another process.
    public var identity: ProcessIdentity { ProcessIdentity(pid: pid, startTime: startTime) }
}

public struct ProcessIdentity: Hashable, Sendable {
    public var pid: Int32
    public var startTime: UInt64

    public init(pid: Int32, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }
}

/// The inodes a process's ten `ns/*` links name: one per type it is in, and
/// the pid and time namespaces its future children will be in.
public struct NamespaceLinks: Hashable, Sendable {
    /// One link in `/proc/<pid>/ns`.
    public struct Slot: Hashable, Sendable {
        public var type: NamespaceType
        /// `pid_for_children` / `time_for_children`: not membership, only a reference.
        public var forChildren: Bool

        /// The link's file name.
        var name: StaticString {
            guard forChildren else { return type.linkName }
            return type == .pid ? "pid_for_children" : "time_for_children"
        }
    }

    public static let slots: [Slot] = NamespaceType.allCases.map { Slot(type: $0, forChildren: false) }
        + [Slot(type: .pid, forChildren: true), Slot(type: .time, forChildren: true)]

    /// Inode per slot, in `slots` order; nil where the link was absent or unreadable.
    public private(set) var inodes: [UInt64?]

    public init() {
        inodes = Array(repeating: nil, count: Self.slots.count)
    }

    public subscript(slot index: Int) -> UInt64? {
        get { inodes[index] }
        set { inodes[index] = newValue }
    }

    /// The namespace of `type` the process is in.
    public subscript(member type: NamespaceType) -> UInt64? {
        get { inodes[type.memberSlot] }
        set { inodes[type.memberSlot] = newValue }
    }

    public var isEmpty: Bool { inodes.allSatisfy { $0 == nil } }
}

extension NamespaceType {
    /// The index in `NamespaceLinks.slots` of this type's membership link.
    var memberSlot: Int { Self.allCases.firstIndex(of: self)! }

    /// The name of this type's link in `/proc/<pid>/ns`.
    var linkName: StaticString {
        switch self {
        case .cgroup: "cgroup"
        case .ipc: "ipc"
        case .mnt: "mnt"
        case .net: "net"
        case .pid: "pid"
        case .time: "time"
        case .user: "user"
        case .uts: "uts"
        }
    }
}
