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
            guard let number = entryNumber(entry),
                  case .success(let link?) = readNamespaceLink(dirfd, String(number))
            else { continue }
            found.add(link, holder: .fd, openPath: "\(pid)/fd/\(number)")
        }
    }
}
