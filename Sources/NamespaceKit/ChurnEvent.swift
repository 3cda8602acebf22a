/// A namespace's identity over one stretch of time: its type and inode.
/// (The inode alone is not enough: a freed inode is reused at once, even by
/// another type.)
public struct NamespaceKey: Hashable, Sendable, Comparable {
    public var type: NamespaceType
    public var ino: UInt64

    public init(type: NamespaceType, ino: UInt64) {
        self.type = type
        self.ino = ino
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.type, lhs.ino) < (rhs.type, rhs.ino) }
}

/// Something that happened to a namespace between two observations.
public struct ChurnEvent: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// First reachable from any process link (`ns/*` or `*_for_children`).
        case created
        /// No longer reachable from any process link.
        case destroyed
        /// A process became a member of a namespace that already existed.
        case joined
        /// A process stopped being a member of a namespace that still exists.
        case left
    }

    /// Wall-clock seconds since the Unix epoch.
    public var time: Double
    public var kind: Kind
    public var namespace: NamespaceKey
    /// The process that joined or left; for created/destroyed, one that held it.
    public var pid: Int32?
    public var comm: String?
    /// For `destroyed`, how long it lived, if its creation was seen.
    public var lifetime: Double?

    public init(time: Double, kind: Kind, namespace: NamespaceKey, pid: Int32?, comm: String?, lifetime: Double? = nil) {
        self.time = time
        self.kind = kind
        self.namespace = namespace
        self.pid = pid
        self.comm = comm
        self.lifetime = lifetime
    }
}
