#if canImport(Glibc)
import Glibc
#endif

/// Takes one snapshot of every namespace reachable from a procfs tree.
///
/// Blocking: it makes tens of syscalls per process, so callers run it off any
/// event loop.
public struct Sampler: Sendable {
    public let procfs: ProcFS
    public let options: DiscoveryOptions

    /// Which discovery stages run beyond the process scan.
    public struct DiscoveryOptions: Sendable {
        /// Open fds on namespaces (`/proc/<pid>/fd`).
        public var fds = true
        /// Threads in other namespaces than their process (`/proc/<pid>/task/*/ns`).
        public var threads = true
        /// Network namespaces held by sockets (`pidfd_getfd` + `SIOCGSKNS` per socket): off by default.
        public var sockets = false
        /// nsfs bind mounts (`/proc/<pid>/mountinfo`, once per mount namespace).
        public var mounts = true
        /// Ancestors held only by their descendants.
        public var hierarchy = true
        /// Where `ip netns` keeps its names (`/run/netns`); nil: not looked at.
        public var netnsDirectory: String?

        public init(
            fds: Bool = true, threads: Bool = true, sockets: Bool = false, mounts: Bool = true, hierarchy: Bool = true,
            netnsDirectory: String? = nil
        ) {
            self.fds = fds
            self.threads = threads
            self.sockets = sockets
            self.mounts = mounts
            self.hierarchy = hierarchy
            self.netnsDirectory = netnsDirectory
        }
    }

    public init(procfs: ProcFS, options: DiscoveryOptions = DiscoveryOptions()) {
        self.procfs = procfs
        self.options = options
    }

    /// Samples every namespace; `previous` (the last snapshot) lets facts that
    /// cannot change be carried over instead of asked again.
    public func sample(previous: Snapshot? = nil) throws(ProcFSError) -> Snapshot {
        let started = monotonicSeconds()
        let timestamp = wallClockSeconds()
        let root = try procfs.open()

        var found = FoundNamespaces()
        var scan = ProcessDiscovery()
        scan.scan(root, previous: previous, fds: options.fds, threads: options.threads, sockets: options.sockets,
                  into: &found)
        if options.mounts { MountDiscovery.scan(root, into: &found) }
        var answers = HierarchyDiscovery.answers(for: found.byInode, reusing: previous, root)
        if options.hierarchy { HiddenHierarchyDiscovery.scan(&found, answers: &answers, root) }
        // A carried-over comm may be stale (exec renames): read the leaders' afresh.
        let leaders = found.byInode.values.compactMap(\.leader?.pid)
        let comms = root.comms(of: leaders)
        let containers = root.containers(of: leaders)
        // nsfs is one superblock: every namespace shares the device of any we opened.
        let dev = answers.values.lazy.compactMap(\.dev).first ?? 0

        var namespaces: [Namespace] = found.byInode.map { ino, entry in
            let answer = answers[ino] ?? .init()
            return Namespace(
                id: NamespaceID(dev: answer.dev ?? dev, ino: ino),
                type: entry.type,
                processCount: entry.members,
                leader: entry.leader.map { Namespace.Leader(pid: $0.pid, comm: comms[$0.pid] ?? $0.comm) },
                owner: answer.owner,
                parent: entry.type.isHierarchical ? answer.parent : nil,
                creatorUID: answer.creatorUID,
                container: entry.leader.flatMap { containers[$0.pid] },
                holders: entry.holders, mountPoints: entry.mountPoints.sorted())
        }
        namespaces.sort { ($0.type, $0.id) < ($1.type, $1.id) }
        let limits = root.namespaceLimits()
        var snapshot = Snapshot(
            timestamp: timestamp, duration: 0,
            namespaces: namespaces, processes: scan.records, processCounts: scan.counts, pidCounter: scan.pidCounter)
        snapshot.limits = limits
        snapshot.staleNetnsEntries = options.netnsDirectory.flatMap(NetnsDirectory.staleEntries(in:))
        snapshot.duration = monotonicSeconds() - started
        return snapshot
    }
}


func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

func wallClockSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
