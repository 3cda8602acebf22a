#if canImport(Glibc)
import Glibc
#endif
import CNamespaceShim
import SystemPackage

/// Reads one process: its ten `ns/*` links and its `stat` (start time, comm).
/// Used by the full scan and, per event, by the event source.
public enum ProcessReadFailure: Error, Equatable {
    /// Gone (or a zombie) before it could be read.
    case vanished
    /// Not ours to read (EACCES).
    case unreadable
    /// Its `stat` is not in the kernel's format.
    case malformed(ProcParseError)
}

extension ProcRoot {
    /// The ten links of one `ns` directory (`1234/ns`, `1234/task/1240/ns`).
    func readLinks(_ directory: String) -> Result<NamespaceLinks, ProcessReadFailure> {
        let nsdir: Int32
        switch openDirectory(directory) {
        case .success(let fd): nsdir = fd
        case .failure(let error): return .failure(error == .permissionDenied ? .unreadable : .vanished)
        }
        defer { close(nsdir) }
        var links = NamespaceLinks()
        var denied = false
        for (index, slot) in NamespaceLinks.slots.enumerated() {
            switch readNamespaceLink(nsdir, slot.name) {
            case .success(let link?) where link.type == slot.type: links[slot: index] = link.ino
            case .success: continue  // not the namespace link we asked for: ignore it
            case .failure(.permissionDenied): denied = true
            case .failure: continue  // absent on this kernel, or the process just exited
            }
        }
        if links.isEmpty { return .failure(denied ? .unreadable : .vanished) }
        // An exited task not yet reaped (a zombie) has lost its nsproxy, so
        // its mnt link is gone while its user and pid links (held by its
        // credentials and pid) remain: it is in no namespace any more.
        if links[member: .mnt] == nil && !denied { return .failure(.vanished) }
        return .success(links)
    }

    /// Reads the process; `known` (the same process, from an earlier sample)
    /// saves reading its `stat`.
    public func readProcess(_ pid: Int32, known: ProcessRecord? = nil) -> Result<ProcessRecord, ProcessReadFailure> {
        let links: NamespaceLinks
        switch readLinks("\(pid)/ns") {
        case .success(let read): links = read
        case .failure(let failure): return .failure(failure)
        }
        if let known, known.pid == pid {
            return .success(ProcessRecord(pid: pid, startTime: known.startTime, comm: known.comm, links: links))
        }
        guard case .success(let bytes) = read("\(pid)/stat", limit: 1024) else { return .failure(.vanished) }
        do {
            let stat = try ProcessStat(parsing: bytes)
            guard stat.pid == pid else { return .failure(.vanished) }
            return .success(ProcessRecord(pid: pid, startTime: stat.startTime, comm: stat.comm, links: links))
        } catch {
            return .failure(.malformed(error))
        }
    }
}

extension ProcRoot {
    /// Whether `record` may be in a container. Every OCI runtime gives a
    /// container a mount namespace of its own, so a process in the host's
    /// is in none: its cgroup (about 28 µs to read on this VM's hybrid
    /// hierarchy) need not be read to know that.
    func mayBeInContainer(_ record: ProcessRecord) -> Bool {
        hostMount == nil || record.links[member: .mnt] != hostMount
    }

    /// The container or unit of `pid`, from `/proc/<pid>/cgroup`: nil when
    /// it is gone or in none; with the file's malformed lines.
    func container(of pid: Int32) -> (attribution: ContainerAttribution?, errors: [ProcParseError]) {
        guard case .success(let bytes) = read("\(pid)/cgroup", limit: 16 * 1024) else { return (nil, []) }
        let paths = CgroupFile.paths(Substring(String(decoding: bytes, as: UTF8.self)))
        return (ContainerAttribution(paths: paths.values), paths.errors)
    }

    /// `/proc/<pid>/comm` of each pid, once each; pids that are gone are left out.
    func comms(of pids: some Sequence<Int32>) -> [Int32: String] {
        var comms: [Int32: String] = [:]
        for pid in pids where comms[pid] == nil {
            guard case .success(let bytes) = read("\(pid)/comm", limit: 64) else { continue }
            comms[pid] = String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        }
        return comms
    }
}

extension ProcRoot {
    /// `NS_GET_ID` (kernel 6.18) of the namespace of `type` that `pid` is in
    /// now: an id the kernel never reuses; nil where it cannot be asked.
    public func namespaceID(pid: Int32, _ type: NamespaceType) -> UInt64? {
        let fd = openat(self.fd, "\(pid)/ns/\(type.rawValue)", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var id: UInt64 = 0
        return cns_ns_get_id(fd, &id) == 0 ? id : nil
    }

    /// The inode `pid`'s link in `slot` (an index of `NamespaceLinks.slots`) names now.
    public func namespaceInode(pid: Int32, slot: Int) -> UInt64? {
        guard case .success(let nsdir) = openDirectory("\(pid)/ns") else { return nil }
        defer { close(nsdir) }
        guard case .success(let link?) = readNamespaceLink(nsdir, NamespaceLinks.slots[slot].name) else { return nil }
        return link.ino
    }
}
