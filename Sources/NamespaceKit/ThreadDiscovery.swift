#if canImport(Glibc)
import Glibc
#endif

/// Stage: threads per namespace, and threads in other namespaces than their
/// process (after `setns` or `unshare` in one thread). `/proc/<pid>/task`
/// has 2 + threads links, so a single-threaded process costs one `fstatat`.
enum ThreadDiscovery {
    static func scan(_ process: ProcessRecord, _ root: ProcRoot, into found: inout FoundNamespaces) {
        var info = stat()
        guard fstatat(root.fd, "\(process.pid)/task", &info, 0) == 0, info.st_nlink >= 3 else { return }
        // Every thread is in its process's namespaces unless found otherwise below.
        for (index, slot) in NamespaceLinks.slots.enumerated() where !slot.forChildren {
            if let ino = process.links[slot: index] { found.byInode[ino]?.threads += Int(info.st_nlink) - 2 }
        }
        guard info.st_nlink > 3 else { return }
        let taskfd = openat(root.fd, "\(process.pid)/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard taskfd >= 0, let dir = fdopendir(taskfd) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let tid = entryNumber(entry)
            guard let tid, tid != UInt64(process.pid), tid <= Int32.max else { continue }
            guard case .success(let record) = root.readLinks("\(process.pid)/task/\(tid)/ns") else { continue }
            for (index, slot) in NamespaceLinks.slots.enumerated() {
                guard let ino = record[slot: index], ino != process.links[slot: index] else { continue }
                found.add(NamespaceLink(type: slot.type, ino: ino), holder: .thread,
                          openPath: "\(process.pid)/task/\(tid)/ns/\(slot.name)")
                guard !slot.forChildren else { continue }
                found.byInode[ino]!.threads += 1
                if let home = process.links[slot: index] { found.byInode[home]?.threads -= 1 }
            }
        }
    }
}
