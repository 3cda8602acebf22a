/// nsfs mounts in a `/proc/<pid>/mountinfo`: namespaces held by a bind mount.
public struct NSFSMount: Equatable, Sendable {
    public var link: NamespaceLink
    public var mountPoint: String

    public init(link: NamespaceLink, mountPoint: String) {
        self.link = link
        self.mountPoint = mountPoint
    }

    /// The nsfs mounts of a mountinfo file: for nsfs the mount's root names the namespace.
    public static func parse(mountinfo text: Substring, truncated: Bool = false) -> ParsedLines<NSFSMount> {
        ParsedLines(text, truncated: truncated, file: "mountinfo") { line throws(ProcParseError) in
            let entry = try MountEntry(line: line)
            guard entry.fileSystemType == "nsfs" else { return nil }
            guard let link = NamespaceLink(parsing: Array(entry.root.utf8)) else { throw ProcParseError("mountinfo", .missing("namespace in an nsfs root")) }
            return NSFSMount(link: link, mountPoint: entry.mountPoint)
        }
    }
}

/// Stage: bind mounts, read once per mount namespace through one of its members.
enum MountDiscovery {
    static let readLimit = 8 << 20

    /// Returns the lines it could not parse.
    static func scan(_ root: ProcRoot, into found: inout FoundNamespaces) -> [ProcParseError] {
        let readers = found.byInode.values.filter { $0.type == .mnt }.compactMap(\.leader?.pid)
        var errors: [ProcParseError] = []
        for pid in readers {
            guard case .success(let bytes) = root.read("\(pid)/mountinfo", limit: readLimit) else { continue }
            let parsed = NSFSMount.parse(mountinfo: Substring(String(decoding: bytes, as: UTF8.self)), truncated: bytes.count >= readLimit)
            errors += parsed.errors
            for mount in parsed.values {
                // Reached from here through the reader's root, in its own mount namespace.
                found.add(mount.link, holder: .bindmount, openPath: "\(pid)/root\(mount.mountPoint)")
                if !found.byInode[mount.link.ino]!.mountPoints.contains(mount.mountPoint) {
                    found.byInode[mount.link.ino]!.mountPoints.append(mount.mountPoint)
                }
            }
        }
        return errors
    }
}
