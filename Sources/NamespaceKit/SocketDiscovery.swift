#if canImport(Glibc)
import Glibc
#endif
import CNamespaceShim

/// Stage (off by default): network namespaces held by a socket — one made
/// inside a namespace its process has since left. Each socket fd is copied
/// with `pidfd_getfd` and asked `SIOCGSKNS`: a few syscalls per socket, and
/// hosts can hold many sockets, hence off unless `--collector.sockets`.
enum SocketDiscovery {
    static func scan(_ process: ProcessRecord, _ root: ProcRoot, into found: inout FoundNamespaces) {
        let fdDirectory = openat(root.fd, "\(process.pid)/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fdDirectory >= 0, let dir = fdopendir(fdDirectory) else { return }
        defer { closedir(dir) }
        var pidfd: Int32 = -1
        defer { if pidfd >= 0 { close(pidfd) } }
        while let entry = readdir(dir) {
            let number = entryNumber(entry)
            guard let number, number <= Int32.max, isSocket(fdDirectory, Int32(number)) else { continue }
            if pidfd < 0 {
                pidfd = cns_pidfd_open(process.pid)
                guard pidfd >= 0 else { return }  // gone, or a kernel without pidfds
            }
            let copy = cns_pidfd_getfd(pidfd, Int32(number))
            guard copy >= 0 else { continue }  // closed meanwhile, or not allowed
            let netns = cns_socket_netns(copy)
            close(copy)
            guard netns >= 0 else { continue }
            let file = NamespaceFile(fd: netns)
            guard case .success(let id) = file.id(), id.ino != process.links[member: .net] else { continue }
            // Nothing under /proc reopens a socket's namespace: the ioctls get no path.
            found.add(NamespaceLink(type: .net, ino: id.ino), holder: .socket, openPath: "")
        }
    }

    private static func isSocket(_ directory: Int32, _ number: Int32) -> Bool {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buffer in
            let count = readlinkat(directory, String(number), buffer.baseAddress!, 32)
            return count >= 7 && strncmp(buffer.baseAddress!, "socket:", 7) == 0
        }
    }
}
