/// What keeps a namespace alive. A namespace with no member process can
/// still be held — that is where leaks hide.
public enum HolderKind: String, CaseIterable, Sendable, Comparable {
    /// A process's `ns/<type>` or `*_for_children` link.
    case process
    /// A thread whose link differs from its process's (after `setns`/`unshare` in that thread).
    case thread
    /// An open file descriptor on the namespace (`/proc/<pid>/fd/*`).
    case fd
    /// A socket created inside a network namespace its process has left.
    case socket
    /// An nsfs bind mount (`ip netns add`, CNI's `/run/netns/…`).
    case bindmount
    /// Nothing but being the parent or owner of a namespace that is held.
    case hierarchy

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Everything discovery accumulates about one namespace inode, from every stage.
struct FoundNamespace {
    var type: NamespaceType
    /// Processes whose `ns/<type>` link names it.
    var members = 0
    /// Threads in it (when the thread stage runs).
    var threads = 0
    /// The member with the lowest pid (pids are scanned in ascending order).
    var leader: ProcessRecord?
    /// How many holders of each kind (processes count once per link).
    var holders: [HolderKind: Int] = [:]
    /// Where it is bind-mounted, as seen in the mount namespace of the mount.
    var mountPoints: [String] = []
    /// Processes with an open fd on it, in pid order (pids are scanned in ascending order).
    var fdOwners: [Int32] = []
    /// A path under the procfs root that opens it (`1234/ns/net`, `1234/fd/7`,
    /// `1234/root/run/netns/blue`), for the ioctls.
    var openPath: String

    init(type: NamespaceType, openPath: String) {
        self.type = type
        self.openPath = openPath
    }
}

/// The table every discovery stage adds to, keyed by inode.
struct FoundNamespaces {
    var byInode: [UInt64: FoundNamespace] = [:]

    /// Records one holder of `link`; the first holder seen provides the path to open it.
    mutating func add(_ link: NamespaceLink, holder: HolderKind, openPath: @autoclosure () -> String) {
        if byInode[link.ino] == nil {
            byInode[link.ino] = FoundNamespace(type: link.type, openPath: openPath())
        }
        byInode[link.ino]!.holders[holder, default: 0] += 1
    }
}
