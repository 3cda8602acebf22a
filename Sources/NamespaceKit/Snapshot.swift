/// Everything one sample found: an immutable value handed from the sampler to
/// whoever renders it.
public struct Snapshot: Sendable {
    /// Wall-clock time the sample started, seconds since the Unix epoch.
    public var timestamp: Double
    /// How long the sample took, seconds.
    public var duration: Double
    /// Every namespace found, ordered by type then inode.
    public var namespaces: [Namespace]
    /// Every process read, in ascending pid order.
    public var processes: [ProcessRecord]
    public var processCounts: ProcessCounts
    /// The container of each process in one.
    public var containers = ProcessContainers()
    /// What the OCI runtimes' state calls each container, by ID (filled in when published).
    public var containerNames: [String: ContainerNames] = [:]
    /// Where the pid allocator stood (nil if procfs does not show it).
    public var pidCounter: PidCounter?
    /// `/proc/sys/user/max_<type>_namespaces`, for the types procfs shows.
    public var limits: [NamespaceType: Int] = [:]
    /// Names in the netns directory that are not nsfs mounts; nil if not looked at.
    public var staleNetnsEntries: [String]?
    /// The per-namespace collectors that ran, and how each did.
    public var collectors: [StatsCollector: CollectorOutcome] = [:]
    /// Lines or files of /proc not in the kernel's format, by file name: skipped and counted.
    public var parseErrors: [String: Int] = [:]
    /// A path under the procfs root that opens each namespace (by inode), for collectors run between scans.
    public var openPaths: [UInt64: String] = [:]
    /// Seconds each discovery stage took (only the stages that ran).
    public var stageDurations: [String: Double] = [:]

    public struct ProcessCounts: Hashable, Sendable {
        /// Processes whose namespace links were read.
        public var scanned = 0
        /// Listed, then gone (or a zombie) before their links could be read.
        public var vanished = 0
        /// Present but not readable by us (EACCES: no CAP_SYS_PTRACE, or protected).
        public var unreadable = 0

        public init(scanned: Int = 0, vanished: Int = 0, unreadable: Int = 0) {
            self.scanned = scanned
            self.vanished = vanished
            self.unreadable = unreadable
        }
    }

    public init(
        timestamp: Double, duration: Double, namespaces: [Namespace],
        processes: [ProcessRecord] = [], processCounts: ProcessCounts, pidCounter: PidCounter? = nil
    ) {
        self.pidCounter = pidCounter
        self.timestamp = timestamp
        self.duration = duration
        self.namespaces = namespaces
        self.processes = processes
        self.processCounts = processCounts
    }

    /// Namespaces alive now, per type; every type present, zero when none.
    public var countsByType: [NamespaceType: Int] {
        var counts = Dictionary(uniqueKeysWithValues: NamespaceType.allCases.map { ($0, 0) })
        for namespace in namespaces { counts[namespace.type, default: 0] += 1 }
        return counts
    }
}
