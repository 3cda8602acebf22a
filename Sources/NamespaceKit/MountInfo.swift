/// nsfs mounts in a `/proc/<pid>/mountinfo`: namespaces held by a bind mount.
public struct NSFSMount: Equatable, Sendable {
    public var link: NamespaceLink
    public var mountPoint: String

    public init(link: NamespaceLink, mountPoint: String) {
        self.link = link
        self.mountPoint = mountPoint
    }

    /// The nsfs mounts of a mountinfo file: for nsfs the mount's root names the namespace.
    public static func parse(mountinfo text: Substring) -> [NSFSMount] {
        MountEntry.parse(mountinfo: text).compactMap { entry in
            guard entry.fileSystemType == "nsfs", let link = NamespaceLink(parsing: Array(entry.root.utf8)) else { return nil }
            return NSFSMount(link: link, mountPoint: entry.mountPoint)
        }
    }
}

/// Stage: bind mounts, read once per mount namespace through one of its members.
enum MountDiscovery {
    static func scan(_ root: ProcRoot, into found: inout FoundNamespaces) {
        let readers = found.byInode.values.filter { $0.type == .mnt }.compactMap(\.leader?.pid)
        for pid in readers {
            guard case .success(let bytes) = root.read("\(pid)/mountinfo", limit: 8 << 20) else { continue }
            for mount in NSFSMount.parse(mountinfo: Substring(String(decoding: bytes, as: UTF8.self))) {
                // Reached from here through the reader's root, in its own mount namespace.
                found.add(mount.link, holder: .bindmount, openPath: "\(pid)/root\(mount.mountPoint)")
                if !found.byInode[mount.link.ino]!.mountPoints.contains(mount.mountPoint) {
                    found.byInode[mount.link.ino]!.mountPoints.append(mount.mountPoint)
                }
            }
        }
    }
}
