#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Stage 1: read every process's `ns/*` links and count members per namespace.
struct ProcessDiscovery {
    /// One link name in `/proc/<pid>/ns`, and whether it names the namespace
    /// the process is in or the one its future children will be in.
    struct LinkSlot {
        var name: StaticString
        var forChildren: Bool
    }

    static let slots: [LinkSlot] = NamespaceType.allCases.map { LinkSlot(name: $0.linkName, forChildren: false) }
        + [LinkSlot(name: "pid_for_children", forChildren: true), LinkSlot(name: "time_for_children", forChildren: true)]

    /// What the scan accumulates per namespace inode.
    struct Found {
        var type: NamespaceType
        var members = 0
        var leaderPID: Int32?
        /// A process and link name that reach the namespace, to open it later.
        var holderPID: Int32
        var holderLink: StaticString
    }

    var found: [UInt64: Found] = [:]
    var counts = Snapshot.ProcessCounts()

    mutating func scan(_ root: ProcRoot) {
        for pid in root.pids() {
            scan(pid: pid, root)
        }
    }

    private mutating func scan(pid: Int32, _ root: ProcRoot) {
        let nsdir: Int32
        switch root.openDirectory("\(pid)/ns") {
        case .success(let fd): nsdir = fd
        case .failure(let error):
            if error == .permissionDenied { counts.unreadable += 1 } else { counts.vanished += 1 }
            return
        }
        defer { close(nsdir) }
        var links: [(LinkSlot, NamespaceLink)] = []
        links.reserveCapacity(Self.slots.count)
        var denied = false
        for slot in Self.slots {
            // A StaticString literal's utf8Start is null-terminated: a C string as is.
            let result = slot.name.utf8Start.withMemoryRebound(to: CChar.self, capacity: slot.name.utf8CodeUnitCount + 1) {
                readNamespaceLink(nsdir, $0)
            }
            switch result {
            case .success(let link?): links.append((slot, link))
            case .success(nil): continue  // not a namespace link: ignore it
            case .failure(.permissionDenied): denied = true
            case .failure: continue  // absent on this kernel, or the process just exited
            }
        }
        if denied && links.isEmpty { counts.unreadable += 1; return }
        if links.isEmpty { counts.vanished += 1; return }
        counts.scanned += 1
        for (slot, link) in links {
            record(link, pid: pid, slot: slot)
        }
    }

    private mutating func record(_ link: NamespaceLink, pid: Int32, slot: LinkSlot) {
        let member = !slot.forChildren
        if var entry = found[link.ino] {
            if member {
                entry.members += 1
                if entry.leaderPID.map({ pid < $0 }) ?? true {
                    entry.leaderPID = pid
                    entry.holderPID = pid
                    entry.holderLink = slot.name
                }
            }
            found[link.ino] = entry
        } else {
            found[link.ino] = Found(
                type: link.type, members: member ? 1 : 0, leaderPID: member ? pid : nil,
                holderPID: pid, holderLink: slot.name)
        }
    }
}

extension NamespaceType {
    /// The name of this type's link in `/proc/<pid>/ns`.
    var linkName: StaticString {
        switch self {
        case .cgroup: "cgroup"
        case .ipc: "ipc"
        case .mnt: "mnt"
        case .net: "net"
        case .pid: "pid"
        case .time: "time"
        case .user: "user"
        case .uts: "uts"
        }
    }
}
