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
        /// The per-namespace collectors: what is inside each namespace.
        public var stats: Set<StatsCollector> = StatsCollector.defaults

        public init(
            fds: Bool = true, threads: Bool = true, sockets: Bool = false, mounts: Bool = true, hierarchy: Bool = true,
            netnsDirectory: String? = nil, stats: Set<StatsCollector> = StatsCollector.defaults
        ) {
            self.stats = stats
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

        var clock = StageClock()
        var found = FoundNamespaces()
        var scan = ProcessDiscovery()
        scan.scan(root, previous: previous, fds: options.fds, threads: options.threads, sockets: options.sockets,
                  into: &found)
        clock.lap("processes")
        var parseErrors = scan.parseErrors
        var mountCounts: [UInt64: (Int, Int)] = [:]
        if options.mounts { parseErrors += MountDiscovery.scan(root, into: &found, counts: &mountCounts) }
        clock.lap("mountinfo")
        var answers = HierarchyDiscovery.answers(for: found.byInode, reusing: previous, root)
        clock.lap("ioctls")
        if options.hierarchy { HiddenHierarchyDiscovery.scan(&found, answers: &answers, root) }
        clock.lap("hierarchy")
        // A carried-over comm may be stale (exec renames): read the leaders' afresh.
        let leaders = found.byInode.values.compactMap(\.leader?.pid)
        let comms = root.comms(of: leaders)
        // The leaders' units: those in the host's mount namespace were not read in the scan.
        for pid in Set(leaders) where scan.containers[pid] == nil && scan.units[pid] == nil { scan.readCgroup(pid, root) }
        let containers = scan.containers.byNamespace(scan.records)
        clock.lap("leaders")
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
                containers: containers[NamespaceKey(type: entry.type, ino: ino)] ?? [],
                unit: entry.leader.flatMap { scan.units[$0.pid] },
                holders: entry.holders, mountPoints: entry.mountPoints.sorted(), fdOwners: entry.fdOwners,
                threadCount: options.threads ? entry.threads : nil)
        }
        namespaces.sort { ($0.type, $0.id) < ($1.type, $1.id) }
        clock.lap("leaders")
        var stats = StatsCollection(options.stats, root: root, canVisit: procfs.showsCallingProcess())
        let openPaths = found.byInode.mapValues(\.openPath)
        stats.collect(&namespaces, openPaths: openPaths, processes: scan.records, mountCounts: mountCounts)
        parseErrors += stats.parseErrors
        let limits = root.namespaceLimits()
        var snapshot = Snapshot(
            timestamp: timestamp, duration: 0,
            namespaces: namespaces, processes: scan.records, processCounts: scan.counts, pidCounter: scan.pidCounter)
        snapshot.containers = scan.containers
        snapshot.limits = limits
        snapshot.collectors = stats.outcomes
        snapshot.openPaths = openPaths
        snapshot.parseErrors = parseErrors.reduce(into: [:]) { $0[$1.file, default: 0] += 1 }
        snapshot.staleNetnsEntries = options.netnsDirectory.flatMap(NetnsDirectory.staleEntries(in:))
        clock.lap("limits")
        // The per-process stages ran inside the process loop: take them out of it.
        var stages = clock.seconds
        for (stage, seconds) in scan.stageSeconds {
            stages[stage] = seconds
            stages["processes", default: 0] -= seconds
        }
        snapshot.stageDurations = stages.filter { stage, _ in options.runs(stage) }
        snapshot.duration = monotonicSeconds() - started
        return snapshot
    }

    /// Runs the per-namespace collectors again over `snapshot` (the model
    /// between scans), without a scan: those that follow scrapes over every
    /// namespace, the rest only over `fresh` (namespaces new since they last
    /// ran). Namespaces with a member are opened through it, the rest
    /// through the paths the last scan found.
    public func collectStats(_ snapshot: Snapshot, fresh: Set<NamespaceKey>) throws(ProcFSError) -> CollectedStats {
        let root = try procfs.open()
        var openPaths = snapshot.openPaths
        for namespace in snapshot.namespaces {
            if let pid = namespace.leader?.pid { openPaths[namespace.id.ino] = "\(pid)/ns/\(namespace.type.rawValue)" }
        }
        var collected = CollectedStats(byNamespace: [:], outcomes: [:], parseErrors: [:])
        let scraped = options.stats.filter(\.followsScrapes)
        let facts = options.stats.subtracting(scraped)
        for (collectors, subset) in [
            (scraped, snapshot.namespaces),
            (facts, snapshot.namespaces.filter { fresh.contains($0.key) }),
        ] where !collectors.isEmpty && !subset.isEmpty {
            var namespaces = subset
            for index in namespaces.indices { namespaces[index].stats = NamespaceStats() }
            var stats = StatsCollection(collectors, root: root, canVisit: procfs.showsCallingProcess())
            stats.collect(&namespaces, openPaths: openPaths, processes: snapshot.processes, mountCounts: [:])
            for namespace in namespaces {
                collected.byNamespace[namespace.key, default: NamespaceStats()]
                    .merge(namespace.stats)
            }
            collected.outcomes.merge(stats.outcomes) { $1 }
            for error in stats.parseErrors { collected.parseErrors[error.file, default: 0] += 1 }
        }
        return collected
    }
}

/// What the per-namespace collectors found in one run between scans: only
/// the collectors that ran, for the namespaces they ran over.
public struct CollectedStats: Sendable {
    public var byNamespace: [NamespaceKey: NamespaceStats]
    public var outcomes: [StatsCollector: CollectorOutcome]
    public var parseErrors: [String: Int]
}

/// Laps of the sample's stages, each from the end of the previous one.
struct StageClock {
    private var last = monotonicSeconds()
    private(set) var seconds: [String: Double] = [:]

    mutating func lap(_ stage: String) {
        let now = monotonicSeconds()
        seconds[stage, default: 0] += now - last
        last = now
    }
}

extension Sampler.DiscoveryOptions {
    /// Whether `stage` is on (the always-on ones always are).
    func runs(_ stage: String) -> Bool {
        switch stage {
        case "fd": fds
        case "threads": threads
        case "sockets": sockets
        case "mountinfo": mounts
        case "hierarchy": hierarchy
        default: true
        }
    }
}

public func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

public func wallClockSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
