/// Limits and use: `/proc/sys/user/max_<type>_namespaces`, and how many
/// namespaces each uid owns, so an alert can fire before `unshare` fails
/// with ENOSPC.
extension ProcRoot {
    /// The per-user limit of each type the kernel shows (absent types are left out).
    public func namespaceLimits() -> [NamespaceType: Int] {
        var limits: [NamespaceType: Int] = [:]
        for type in NamespaceType.allCases {
            guard case .success(let bytes) = read("sys/user/max_\(type.rawValue)_namespaces", limit: 32),
                  let value = parseDecimal(bytes.prefix { $0 != UInt8(ascii: "\n") }), value <= Int.max
            else { continue }
            limits[type] = Int(value)
        }
        return limits
    }
}

extension Snapshot {
    /// Namespaces per (type, uid charged for them). The kernel charges a
    /// user namespace to the uid that created it (`NS_GET_OWNER_UID`), and
    /// any other namespace to the creating process's uid in its owning user
    /// namespace — which the kernel does not tell; the uid that created the
    /// owning user namespace stands in for it (root for the host's). The
    /// kernel counts per user namespace as well; this sums over them.
    /// Namespaces whose uid is unknown are left out, and so are the initial
    /// ones, which no uid is charged for.
    public var ownedByUID: [NamespaceType: [UInt32: Int]] {
        var creators: [UInt64: UInt32] = [:]
        for namespace in namespaces where namespace.type == .user {
            if let uid = namespace.creatorUID { creators[namespace.id.ino] = uid }
        }
        var owned: [NamespaceType: [UInt32: Int]] = [:]
        for namespace in namespaces where !namespace.isInitial {
            let uid = namespace.type == .user ? namespace.creatorUID : namespace.owner.id.flatMap { creators[$0.ino] }
            guard let uid else { continue }
            owned[namespace.type, default: [:]][uid, default: 0] += 1
        }
        return owned
    }
}

extension Namespace {
    /// The kernel gives the initial namespaces fixed inode numbers
    /// (`PROC_*_INIT_INO` in include/linux/proc_ns.h: 0xEFFFFFF8 to 0xEFFFFFFF
    /// on 6.x; older kernels number net and mnt like any other).
    public var isInitial: Bool {
        (0xEFFF_FFF8...0xEFFF_FFFF).contains(id.ino)
    }
}
