#if canImport(Glibc)
import Glibc
#endif

/// Stage: what is inside each namespace, for the enabled collectors. Files
/// a member process shows for its namespace are read through it (net, user,
/// mnt); the rest (uts, ipc, and network namespaces with no member) through
/// one `NamespaceVisit` batch. Once per sample, never per scrape.
struct StatsCollection {
    let collectors: Set<StatsCollector>
    let root: ProcRoot
    /// Whether `setns` visits can work: the live procfs, showing this process.
    let canVisit: Bool
    var outcomes: [StatsCollector: CollectorOutcome] = [:]
    var parseErrors: [ProcParseError] = []

    init(_ collectors: Set<StatsCollector>, root: ProcRoot, canVisit: Bool) {
        self.collectors = collectors
        self.root = root
        self.canVisit = canVisit
        for collector in collectors { outcomes[collector] = CollectorOutcome() }
    }

    /// `openPaths`: a path under the root that opens each namespace;
    /// `mountCounts`: (mounts, nsfs mounts) per mount namespace when the
    /// bind-mount stage already read them.
    mutating func collect(
        _ namespaces: inout [Namespace], openPaths: [UInt64: String], processes: [ProcessRecord], mountCounts: [UInt64: (Int, Int)]
    ) {
        var visits: [NamespaceVisit.Target] = []
        for collector in StatsCollector.allCases where collectors.contains(collector) {
            let started = monotonicSeconds()
            for index in namespaces.indices where namespaces[index].type == collector.type {
                let namespace = namespaces[index]
                let pid = namespace.leader?.pid
                switch collector {
                case .net:
                    if let pid { namespaces[index].stats.merge(network(under: "\(pid)/net", collector)) } else { visits.append(target(namespace, openPaths)) }
                case .mnt:
                    if let counts = mountCounts[namespace.id.ino] {
                        (namespaces[index].stats.mounts, namespaces[index].stats.nsfsMounts) = counts
                    } else if let pid {
                        namespaces[index].stats.merge(mounts(of: pid))
                    }
                case .user:
                    if let pid { namespaces[index].stats.merge(idMaps(of: pid)) }
                case .uts, .ipc:
                    visits.append(target(namespace, openPaths))
                case .pid:
                    break
                }
            }
            if collector == .pid { countVisibleProcesses(&namespaces, processes) }
            outcomes[collector]?.seconds += monotonicSeconds() - started
        }
        visit(visits, &namespaces)
    }

    private func target(_ namespace: Namespace, _ openPaths: [UInt64: String]) -> NamespaceVisit.Target {
        NamespaceVisit.Target(ino: namespace.id.ino, type: namespace.type, openPath: openPaths[namespace.id.ino] ?? "")
    }

    /// The batch of setns visits, timed into the collectors they serve.
    private mutating func visit(_ targets: [NamespaceVisit.Target], _ namespaces: inout [Namespace]) {
        guard !targets.isEmpty else { return }
        guard canVisit else {
            for target in targets { outcomes[collector(of: target.type)]?.fail("reading inside needs the live procfs that shows this process") }
            return
        }
        let started = monotonicSeconds()
        let results = NamespaceVisit.run(targets, root: root) { target, root throws(VisitFailure) in
            switch target.type {
            case .net: return Self.network(root, under: "thread-self/net")
            case .uts: return try Self.names(root)
            default: return try Self.ipcObjects(root)
            }
        }
        let seconds = (monotonicSeconds() - started) / Double(targets.count)
        let index = Dictionary(uniqueKeysWithValues: namespaces.indices.map { (namespaces[$0].id.ino, $0) })
        for target in targets {
            let collector = collector(of: target.type)
            outcomes[collector]?.seconds += seconds
            switch results[target.ino] {
            case .success(let stats)?: if let at = index[target.ino] { namespaces[at].stats.merge(stats) }
            case .failure(let failure)?: outcomes[collector]?.fail("\(target.type.rawValue):[\(target.ino)]: \(failure)")
            case nil: outcomes[collector]?.fail("\(target.type.rawValue):[\(target.ino)]: not visited")
            }
        }
    }

    private func collector(of type: NamespaceType) -> StatsCollector {
        StatsCollector.allCases.first { $0.type == type }!
    }

    // MARK: Readers

    /// net/dev, sockstat, sockstat6 and conntrack under `directory`.
    private mutating func network(under directory: String, _ collector: StatsCollector) -> NamespaceStats {
        let (stats, errors, failure) = Self.readNetwork(root, under: directory)
        parseErrors += errors
        if let failure { outcomes[collector]?.fail(failure) }
        return stats
    }

    private static func network(_ root: ProcRoot, under directory: String) -> NamespaceStats {
        readNetwork(root, under: directory).stats
    }

    private static func readNetwork(_ root: ProcRoot, under directory: String) -> (stats: NamespaceStats, errors: [ProcParseError], failure: String?) {
        var stats = NamespaceStats()
        var errors: [ProcParseError] = []
        guard case .success(let dev) = root.read("\(directory)/dev", limit: 1 << 20) else { return (stats, [], "\(directory)/dev unreadable") }
        let interfaces = NetDev.parse(text(dev))
        stats.interfaces = interfaces.values
        errors += interfaces.errors
        var sockets: [SockStat.Count] = []
        for file in ["sockstat", "sockstat6"] {
            guard case .success(let bytes) = root.read("\(directory)/\(file)", limit: 4096) else { continue }
            let parsed = SockStat.parse(text(bytes), file: "net/\(file)")
            sockets += parsed.values.flatMap { $0 }
            errors += parsed.errors
        }
        stats.sockets = sockets
        if case .success(let bytes) = root.read("\(directory)/stat/nf_conntrack", limit: 64 * 1024) {
            do { stats.conntrackEntries = try ConntrackStat.entries(text(bytes)) } catch { errors.append(error) }
        }
        return (stats, errors, nil)
    }

    private mutating func mounts(of pid: Int32) -> NamespaceStats {
        var stats = NamespaceStats()
        guard case .success(let bytes) = root.read("\(pid)/mountinfo", limit: MountDiscovery.readLimit) else {
            outcomes[.mnt]?.fail("\(pid)/mountinfo unreadable")
            return stats
        }
        let entries = MountEntry.parse(mountinfo: Self.text(bytes), truncated: bytes.count >= MountDiscovery.readLimit)
        parseErrors += entries.errors
        stats.mounts = entries.values.count
        stats.nsfsMounts = entries.values.count { $0.fileSystemType == "nsfs" }
        return stats
    }

    private mutating func idMaps(of pid: Int32) -> NamespaceStats {
        var stats = NamespaceStats()
        for file in ["uid_map", "gid_map"] {
            guard case .success(let bytes) = root.read("\(pid)/\(file)", limit: 64 * 1024) else {
                outcomes[.user]?.fail("\(pid)/\(file) unreadable")
                continue
            }
            let ranges = IDMapRange.parse(Self.text(bytes), file: file)
            parseErrors += ranges.errors
            if file == "uid_map" { stats.uidMap = ranges.values } else { stats.gidMap = ranges.values }
        }
        return stats
    }

    private static func names(_ root: ProcRoot) throws(VisitFailure) -> NamespaceStats {
        var stats = NamespaceStats()
        for (file, keyPath) in [("hostname", \NamespaceStats.hostname), ("domainname", \NamespaceStats.domainname)] {
            guard case .success(let bytes) = root.read("sys/kernel/\(file)", limit: 256) else { throw VisitFailure("sys/kernel/\(file) unreadable") }
            stats[keyPath: keyPath] = String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        }
        return stats
    }

    private static func ipcObjects(_ root: ProcRoot) throws(VisitFailure) -> NamespaceStats {
        var counts = SysVIPC.Counts()
        for file in ["msg", "sem", "shm"] {
            guard case .success(let bytes) = root.read("sysvipc/\(file)", limit: 8 << 20) else { throw VisitFailure("sysvipc/\(file) unreadable") }
            let objects = SysVIPC.objects(text(bytes))
            switch file {
            case "msg": counts.messageQueues = objects
            case "sem": counts.semaphoreSets = objects
            default:
                counts.sharedMemorySegments = objects
                counts.sharedMemoryBytes = SysVIPC.sharedMemoryBytes(text(bytes)).values.reduce(0, +)
            }
        }
        var stats = NamespaceStats()
        stats.ipc = counts
        return stats
    }

    /// Each process counts in its pid namespace and in every ancestor's.
    private func countVisibleProcesses(_ namespaces: inout [Namespace], _ processes: [ProcessRecord]) {
        var parent: [UInt64: UInt64] = [:]
        var index: [UInt64: Int] = [:]
        for (at, namespace) in namespaces.enumerated() where namespace.type == .pid {
            index[namespace.id.ino] = at
            namespaces[at].stats.visibleProcesses = 0
            if let up = namespace.parent?.id?.ino { parent[namespace.id.ino] = up }
        }
        func addUp(from ino: UInt64?, _ add: (inout NamespaceStats) -> Void) {
            var current = ino
            var hops = 0
            while let ino = current, let at = index[ino], hops < 64 {  // pid namespaces nest at most 32 deep
                add(&namespaces[at].stats)
                current = parent[ino]
                hops += 1
            }
        }
        for process in processes {
            addUp(from: process.links[member: .pid]) { $0.visibleProcesses! += 1 }
        }
        // Threads are counted per namespace by the thread stage; each adds up its chain.
        for namespace in namespaces where namespace.type == .pid {
            guard let threads = namespace.threadCount else { continue }
            addUp(from: namespace.id.ino) { $0.visibleThreads = ($0.visibleThreads ?? 0) + threads }
        }
    }

    private static func text(_ bytes: [UInt8]) -> Substring { Substring(String(decoding: bytes, as: UTF8.self)) }
}

extension NamespaceStats {
    /// Takes every part `other` has.
    mutating func merge(_ other: NamespaceStats) {
        interfaces = other.interfaces ?? interfaces
        sockets = other.sockets ?? sockets
        conntrackEntries = other.conntrackEntries ?? conntrackEntries
        mounts = other.mounts ?? mounts
        nsfsMounts = other.nsfsMounts ?? nsfsMounts
        hostname = other.hostname ?? hostname
        domainname = other.domainname ?? domainname
        ipc = other.ipc ?? ipc
        uidMap = other.uidMap ?? uidMap
        gidMap = other.gidMap ?? gidMap
        visibleProcesses = other.visibleProcesses ?? visibleProcesses
        visibleThreads = other.visibleThreads ?? visibleThreads
    }
}
