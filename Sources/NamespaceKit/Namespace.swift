/// How a namespace relates to another one (its owner, its parent), as far as
/// the kernel would tell us.
public enum RelatedNamespace: Hashable, Sendable {
    /// The related namespace, e.g. the owning user namespace.
    case namespace(NamespaceID)
    /// There is none the caller can see: the initial namespace, or one above
    /// the exporter's own (the kernel answers EPERM for both).
    case none
    /// We could not ask (no process left to open, no privilege, a fixture tree).
    case unknown

    public var id: NamespaceID? {
        if case .namespace(let id) = self { id } else { nil }
    }
}

/// One namespace as seen in one sample.
public struct Namespace: Identifiable, Hashable, Sendable {
    public var id: NamespaceID
    /// Processes whose `ns/<type>` link names this namespace.
    public var processCount: Int
    /// The member with the lowest pid (as `lsns` picks it); nil with no member.
    public var leader: Leader?
    /// The user namespace that owns this one (`NS_GET_USERNS`).
    public var owner: RelatedNamespace
    /// The parent (`NS_GET_PARENT`); nil for types that have no hierarchy.
    public var parent: RelatedNamespace?
    /// The uid that created a user namespace (`NS_GET_OWNER_UID`); nil otherwise or unknown.
    public var creatorUID: UInt32?
    // Here, not after `id`: it fills what would be padding after `creatorUID`.
    public var type: NamespaceType
    /// The containers of its member processes (from their cgroups), by ID;
    /// a pod's shared namespaces have every container of the pod.
    public var containers: [ContainerAttribution] = []
    /// The systemd unit of the leader at the last full scan, when it is in no container.
    @OutOfLine public var unit: String? = nil
    /// Threads in it (those of its member processes that did not move, and
    /// threads that moved in); nil when threads were not looked at.
    public var threadCount: Int?
    /// What keeps it alive, by kind; kinds with none are absent.
    public var holders: [HolderKind: Int] = [:]
    /// Where it is bind-mounted (paths in the mount namespaces of the mounts).
    public var mountPoints: [String] = []
    /// The processes holding an open fd on it, at the last full scan (pid order).
    public var fdOwners: [Int32] = []
    /// What the per-namespace collectors found inside it.
    @OutOfLine public var stats = NamespaceStats()

    /// Its identity in the churn tracker and the model: type and inode.
    public var key: NamespaceKey { NamespaceKey(type: type, ino: id.ino) }

    /// No member process: held by something else (a leak, or on purpose).
    public var isPinned: Bool { processCount == 0 }

    public struct Leader: Hashable, Sendable {
        public var pid: Int32
        /// nil when the process exited before its name was read.
        public var comm: String?

        public init(pid: Int32, comm: String?) {
            self.pid = pid
            self.comm = comm
        }
    }

    public init(
        id: NamespaceID, type: NamespaceType, processCount: Int, leader: Leader?,
        owner: RelatedNamespace = .unknown, parent: RelatedNamespace? = nil, creatorUID: UInt32? = nil,
        containers: [ContainerAttribution] = [], unit: String? = nil, holders: [HolderKind: Int] = [:], mountPoints: [String] = [],
        fdOwners: [Int32] = [], threadCount: Int? = nil
    ) {
        self.fdOwners = fdOwners
        self.threadCount = threadCount
        self.containers = containers
        self.unit = unit
        self.holders = holders
        self.mountPoints = mountPoints
        self.id = id
        self.type = type
        self.processCount = processCount
        self.leader = leader
        self.owner = owner
        self.parent = parent ?? (type.isHierarchical ? .unknown : nil)
        self.creatorUID = creatorUID
    }
}
