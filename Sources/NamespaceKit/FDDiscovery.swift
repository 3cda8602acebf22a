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
            let link: NamespaceLink? = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                guard raw.first != UInt8(ascii: ".") else { return nil }
                return raw.withMemoryRebound(to: CChar.self) { name in
                    guard case .success(let link?) = readNamespaceLink(dirfd, name.baseAddress!) else { return nil }
                    return link
                }
            }
            guard let link else { continue }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            found.add(link, holder: .fd, openPath: "\(pid)/fd/\(name)")
        }
    }
}
