#if canImport(Glibc)
import Glibc
#endif

/// Takes one snapshot of every namespace reachable from a procfs tree.
///
/// Blocking: it makes tens of syscalls per process, so callers run it off any
/// event loop.
public struct Sampler: Sendable {
    public let procfs: ProcFS

    public init(procfs: ProcFS) {
        self.procfs = procfs
    }

    /// Samples every namespace; `previous` (the last snapshot) lets facts that
    /// cannot change be carried over instead of asked again.
    public func sample(previous: Snapshot? = nil) throws(ProcFSError) -> Snapshot {
        let started = monotonicSeconds()
        let timestamp = wallClockSeconds()
        let root = try procfs.open()

        var scan = ProcessDiscovery()
        scan.scan(root, previous: previous)
        let answers = HierarchyDiscovery.answers(for: scan.found, reusing: previous, root)
        // A carried-over comm may be stale (exec renames): read the leaders' afresh.
        let leaders = scan.found.values.compactMap(\.leader?.pid)
        let comms = root.comms(of: leaders)
        let containers = root.containers(of: leaders)
        // nsfs is one superblock: every namespace shares the device of any we opened.
        let dev = answers.values.lazy.compactMap(\.dev).first ?? 0

        var namespaces: [Namespace] = scan.found.map { ino, entry in
            let answer = answers[ino] ?? .init()
            return Namespace(
                id: NamespaceID(dev: answer.dev ?? dev, ino: ino),
                type: entry.type,
                processCount: entry.members,
                leader: entry.leader.map { Namespace.Leader(pid: $0.pid, comm: comms[$0.pid] ?? $0.comm) },
                owner: answer.owner,
                parent: entry.type.isHierarchical ? answer.parent : nil,
                creatorUID: answer.creatorUID,
                container: entry.leader.flatMap { containers[$0.pid] })
        }
        namespaces.sort { ($0.type, $0.id) < ($1.type, $1.id) }
        let limits = root.namespaceLimits()
        var snapshot = Snapshot(
            timestamp: timestamp, duration: 0,
            namespaces: namespaces, processes: scan.records, processCounts: scan.counts, pidCounter: scan.pidCounter)
        snapshot.limits = limits
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
