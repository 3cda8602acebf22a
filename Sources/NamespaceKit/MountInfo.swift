/// nsfs mounts in a `/proc/<pid>/mountinfo`: namespaces held by a bind mount.
public struct NSFSMount: Equatable, Sendable {
    public var link: NamespaceLink
    public var mountPoint: String

    public init(link: NamespaceLink, mountPoint: String) {
        self.link = link
        self.mountPoint = mountPoint
    }

    /// The nsfs mounts of a mountinfo file. A line is
    /// `id parent major:minor root mountpoint options [optional…] - fstype source superoptions`;
    /// for nsfs the root is the namespace (`net:[4026532600]`). Malformed lines are skipped.
    public static func parse(mountinfo text: Substring) -> [NSFSMount] {
        var mounts: [NSFSMount] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 10, let dash = fields.firstIndex(of: "-"), dash >= 6, dash + 1 < fields.count,
                  fields[dash + 1] == "nsfs",
                  let link = NamespaceLink(parsing: Array(fields[3].utf8))
            else { continue }
            mounts.append(NSFSMount(link: link, mountPoint: unescape(fields[4])))
        }
        return mounts
    }

    /// mountinfo writes space, tab, newline and backslash as `\040` and friends.
    static func unescape(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var bytes: [UInt8] = []
        var utf8 = Array(field.utf8)[...]
        while let byte = utf8.first {
            if byte == UInt8(ascii: "\\"), utf8.count >= 4,
               let value = UInt8(String(decoding: utf8.dropFirst().prefix(3), as: UTF8.self), radix: 8) {
                bytes.append(value)
                utf8 = utf8.dropFirst(4)
            } else {
                bytes.append(byte)
                utf8 = utf8.dropFirst()
            }
        }
        return String(decoding: bytes, as: UTF8.self)
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
