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
            try NSFSMount(try MountEntry(line: line))
        }
    }

    /// nil when the entry is not an nsfs mount.
    init?(_ entry: MountEntry) throws(ProcParseError) {
        guard entry.fileSystemType == "nsfs" else { return nil }
        guard let link = NamespaceLink(parsing: Array(entry.root.utf8)) else { throw ProcParseError("mountinfo", .missing("namespace in an nsfs root")) }
        self.init(link: link, mountPoint: entry.mountPoint)
    }
}

/// Stage: bind mounts, read once per mount namespace through one of its members.
enum MountDiscovery {
    static let readLimit = 8 << 20

    /// Returns the lines it could not parse; `counts`: (mounts, nsfs mounts)
    /// per mount namespace read, for the mnt collector.
    static func scan(_ root: ProcRoot, into found: inout FoundNamespaces, counts: inout [UInt64: (Int, Int)]) -> [ProcParseError] {
        let readers = found.byInode.compactMap { ino, entry in entry.type == .mnt ? entry.leader.map { (ino, $0.pid) } : nil }
        return scan(root, readers: readers, into: &found, counts: &counts)
    }

    /// Reads the mountinfo of each mount namespace through one of its members: `readers` is (mount namespace inode, pid).
    static func scan(
        _ root: ProcRoot, readers: [(UInt64, Int32)], into found: inout FoundNamespaces, counts: inout [UInt64: (Int, Int)]
    ) -> [ProcParseError] {
        var errors: [ProcParseError] = []
        for (ino, pid) in readers {
            guard case .success(let bytes) = root.read("\(pid)/mountinfo", limit: readLimit) else { continue }
            let entries = MountEntry.parse(mountinfo: Substring(String(decoding: bytes, as: UTF8.self)), truncated: bytes.count >= readLimit)
            errors += entries.errors
            var nsfs = 0
            for entry in entries.values {
                let mount: NSFSMount?
                do { mount = try NSFSMount(entry) } catch {
                    errors.append(error)
                    continue
                }
                guard let mount else { continue }
                nsfs += 1
                // Reached from here through the reader's root, in its own mount namespace.
                found.add(mount.link, holder: .bindmount, openPath: "\(pid)/root\(mount.mountPoint)")
                if !found.byInode[mount.link.ino]!.mountPoints.contains(mount.mountPoint) {
                    found.byInode[mount.link.ino]!.mountPoints.append(mount.mountPoint)
                }
            }
            counts[ino] = (entries.values.count, nsfs)
        }
        return errors
    }
}
