/// The nsfs bind mounts of every mount namespace, as read from their
/// mountinfo after a mount event: what the model shows as `bindmount`
/// holders between resyncs.
public struct BindMounts: Sendable, Equatable {
    public struct Holding: Sendable, Equatable {
        public var type: NamespaceType
        public var count: Int
        public var mountPoints: [String]
    }

    /// By namespace inode.
    public var byInode: [UInt64: Holding] = [:]

    public init() {}

    /// Reads the mountinfo of each mount namespace through one of its members (mount namespace inode, pid).
    public static func read(_ root: ProcRoot, readers: [(UInt64, Int32)]) -> (BindMounts, [ProcParseError]) {
        var found = FoundNamespaces()
        var counts: [UInt64: (Int, Int)] = [:]
        let errors = MountDiscovery.scan(root, readers: readers, into: &found, counts: &counts)
        var mounts = BindMounts()
        for (ino, entry) in found.byInode {
            guard let count = entry.holders[.bindmount] else { continue }
            mounts.byInode[ino] = Holding(type: entry.type, count: count, mountPoints: entry.mountPoints.sorted())
        }
        return (mounts, errors)
    }

    /// The bind mounts a scan found.
    init(_ namespaces: [Namespace]) {
        for namespace in namespaces {
            guard let count = namespace.holders[.bindmount] else { continue }
            byInode[namespace.id.ino] = Holding(type: namespace.type, count: count, mountPoints: namespace.mountPoints)
        }
    }
}
