#if canImport(Glibc)
import Glibc
#endif

/// Stage: open file descriptors on namespaces (`/proc/<pid>/fd/* -> net:[…]`).
/// A process can keep a namespace alive by an fd long after every member left.
enum FDDiscovery {
    static func scan(pid: Int32, _ root: ProcRoot, into found: inout FoundNamespaces) {
        let dirfd = openat(root.fd, "\(pid)/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dirfd >= 0, let dir = fdopendir(dirfd) else { return }  // gone, or not ours to read
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            guard let number = entryNumber(entry), let link = namespaceLink(dirfd, String(number)) else { continue }
            found.add(link, holder: .fd, openPath: "\(pid)/fd/\(number)")
            if found.byInode[link.ino]!.fdOwners.last != pid { found.byInode[link.ino]!.fdOwners.append(pid) }
        }
    }

    /// The namespace an fd is open on, if any. An fd opened through a bind
    /// mount (`open("/run/netns/blue")`, as CNI plugins do) reads as that
    /// path, and as `/` once the mount is gone (`ip netns delete`): then
    /// only the kernel can say whether it is a namespace, and which.
    static func namespaceLink(_ dirfd: Int32, _ name: String) -> NamespaceLink? {
        let target = withLinkTarget(dirfd, name) { (link: NamespaceLink(parsing: $0), isRoot: $0.elementsEqual("/".utf8)) }
        guard case .success(let target) = target else { return nil }
        return target.link ?? (target.isRoot ? detachedNamespace(dirfd, name) : nil)
    }

    /// An fd that reads as `/`: the root of a detached mount, which for an
    /// nsfs bind mount is the namespace itself (the ioctl fails on anything else).
    private static func detachedNamespace(_ dirfd: Int32, _ name: String) -> NamespaceLink? {
        let fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        let file = NamespaceFile(fd: fd)
        guard let type = file.type(), case .success(let id) = file.id() else { return nil }
        return NamespaceLink(type: type, ino: id.ino)
    }
}
