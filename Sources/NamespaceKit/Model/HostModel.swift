/// The one owner of the host's namespace state between full scans.
///
/// Membership (processes and their links) is kept by the churn tracker,
/// whose change log is the churn; bind mounts by mount events; everything
/// without an event (fds, sockets, threads, owners and parents, units, what
/// the collectors found) comes from the last full scan, the resync. Each
/// process's container is read with it, by the scan or by its event.
/// `current()` makes the snapshot to publish from those parts.
public struct HostModel: Sendable {
    public private(set) var tracker: ChurnTracker
    /// The last full scan.
    public private(set) var scan: Snapshot?
    /// The container of each process in one, as the scan and events read it.
    private var containers = ProcessContainers()
    /// Bind mounts as mount events left them since the scan; nil: the scan's.
    private var bindMounts: BindMounts?
    /// What the collectors found since the scan, merged over the scan's, by namespace.
    private var stats: [NamespaceKey: NamespaceStats] = [:]
    /// Namespaces destroyed since the scan: what the scan and the collectors
    /// found inside them is not said of a namespace that takes the same
    /// inode next.
    private var retired: Set<NamespaceKey> = []
    /// How each collector did when it last ran since the scan.
    private var collectorOutcomes: [StatsCollector: CollectorOutcome] = [:]
    /// The corrections counted last, described (for the debug log).
    public private(set) var lastCorrections: [String] = []
    /// Counted corrections, by kind, since the start.
    public private(set) var corrections: [CorrectionKind: Int] = [:]
    private var pending: PendingCorrections?
    /// When each process's state in the model was true (an event's time):
    /// an update about an earlier moment arrives late and is dropped.
    private var stateTime: [Int32: Double] = [:]
    /// Bumped by every change to what `current()` returns.
    public private(set) var version = 0
    /// How long corrections wait for late events before they count.
    static let grace = 2.0

    public init(recentEvents: Int = 1024) {
        tracker = ChurnTracker(recentEvents: recentEvents)
    }

    /// Applies one process's state from an event. Updates about a moment
    /// before the last scan started, or before the state the model has for
    /// that process, are older than what the model knows: dropped.
    ///
    /// `identify(pid, type)` asks the kernel for the id (`NS_GET_ID`) of the
    /// namespace of `type` that `pid` is in now. A namespace the update
    /// creates has its id recorded; where the process enters an inode the
    /// model knows under another id, the kernel reused the inode for a new
    /// namespace: the old one is destroyed first.
    @discardableResult
    public mutating func apply(
        _ update: ProcessUpdate, asking root: ProcRoot?, identify: (Int32, NamespaceType) -> UInt64? = { _, _ in nil }
    ) -> [ChurnEvent] {
        pending?.explain(pid: update.pid, readAt: update.time)
        if let scan, update.time < scan.timestamp { return [] }
        if let known = stateTime[update.pid], update.time < known { return [] }
        stateTime[update.pid] = update.time
        let before = tracker.processes[update.pid]
        var events: [ChurnEvent] = []
        // Entered inodes the model knows whose id says: the same namespace.
        var same: Set<NamespaceKey> = []
        if let record = update.record {
            let inherited = before ?? update.parent.flatMap { tracker.processes[$0] }
            for type in NamespaceType.allCases {
                guard let ino = record.links[member: type], ino != inherited?.links[member: type] else { continue }
                let key = NamespaceKey(type: type, ino: ino)
                guard let known = tracker.id(of: key), let now = identify(update.pid, type) else { continue }
                if now == known { same.insert(key) } else { events += tracker.retire(key, at: update.time) }
            }
        }
        // Without an id, the old way: ask whether the known holders still hold that inode.
        events += tracker.apply(pid: update.pid, record: update.record, parent: update.parent, at: update.time) { pid, slot, ino in
            same.contains(NamespaceKey(type: NamespaceLinks.slots[slot].type, ino: ino))
                || root?.namespaceInode(pid: pid, slot: slot) == ino
        }
        // Only a member can be asked: one reached through `*_for_children` is not the namespace its `ns/<type>` opens.
        for event in events where event.kind == .created && event.pid == update.pid
            && update.record?.links[member: event.namespace.type] == event.namespace.ino {
            if let id = identify(update.pid, event.namespace.type) { tracker.record(id: id, of: event.namespace) }
        }
        for event in events where event.kind == .destroyed {
            stats[event.namespace] = nil
            retired.insert(event.namespace)
        }
        let container = update.record == nil ? nil : update.container
        let moved = containers[update.pid] != container
        if moved { containers.set(update.pid, container) }
        if before != tracker.processes[update.pid] || !events.isEmpty || moved { version += 1 }
        return events
    }

    /// An event about `pid` made at `time` that needs no update (the model
    /// already shows it): it still explains a difference the last resync found.
    public mutating func explain(pid: Int32, at time: Double) {
        pending?.explain(pid: pid, readAt: time)
    }

    /// One member (the lowest pid) of each mount namespace processes are in:
    /// through it the namespace's mountinfo is read and its fd opened.
    public func mountNamespaceReaders() -> [(UInt64, Int32)] {
        var readers: [UInt64: Int32] = [:]
        for (pid, process) in tracker.processes {
            guard let ino = process.links[member: .mnt] else { continue }
            if let known = readers[ino], known < pid { continue }
            readers[ino] = pid
        }
        return readers.map { ($0.key, $0.value) }
    }

    /// The model's record of `pid`, if it knows one.
    public func process(_ pid: Int32) -> ProcessRecord? { tracker.processes[pid] }

    /// Takes the bind mounts read after a mount event.
    public mutating func apply(_ mounts: BindMounts) {
        pending?.mountEventSeen = true
        guard mounts != (bindMounts ?? scan.map { BindMounts($0.namespaces) }) else { return }
        bindMounts = mounts
        version += 1
    }

    /// Takes what the collectors found between scans, over what they found before.
    public mutating func apply(_ collected: CollectedStats) {
        let scanned = scan.map { Dictionary($0.namespaces.map { ($0.key, $0.stats) }) { a, _ in a } } ?? [:]
        for (key, found) in collected.byNamespace {
            var merged = stats[key] ?? (retired.contains(key) ? nil : scanned[key]) ?? NamespaceStats()
            merged.merge(found)
            stats[key] = merged
        }
        collectorOutcomes.merge(collected.outcomes) { $1 }
        version += 1
    }

    /// The namespaces of `snapshot` (from `current()`) that no collector has
    /// looked into yet: new since the scan and since the collectors last ran.
    public func withoutStats(_ snapshot: Snapshot) -> Set<NamespaceKey> {
        let scanned = Set(scan?.namespaces.map { $0.key } ?? [])
        return Set(snapshot.namespaces.lazy.map { $0.key }.filter {
            (!scanned.contains($0) || retired.contains($0)) && stats[$0] == nil
        })
    }

    /// Applies a full scan that started when the tracker's `eventSequence`
    /// was `sequence`, and holds what it corrects for `grace` seconds.
    public mutating func resync(_ snapshot: Snapshot, scanStartedAt sequence: UInt64, endedAt ended: Double) {
        if let pending { count(pending) }
        if scan != nil { pending = differences(snapshot, since: sequence, endedAt: ended) }
        tracker.apply(snapshot, scanStartedAt: sequence)
        scan = snapshot
        containers = snapshot.containers
        bindMounts = nil
        stats = [:]
        retired = []
        collectorOutcomes = [:]
        stateTime = [:]  // the scan's time is the floor now
        version += 1
    }

    /// Counts the corrections whose grace has passed.
    public mutating func settle(now: Double) {
        guard let pending, now >= pending.deadline else { return }
        count(pending)
        self.pending = nil
        version += 1
    }

    private mutating func count(_ pending: PendingCorrections) {
        lastCorrections = pending.described()
        for (kind, n) in pending.confirmed() { corrections[kind, default: 0] += n }
    }

    /// What `snapshot` says that the model did not, for processes no event touched since the scan began.
    private func differences(_ snapshot: Snapshot, since sequence: UInt64, endedAt ended: Double) -> PendingCorrections {
        var found = PendingCorrections(scanEnded: ended, deadline: ended + Self.grace)
        var seen = Set<Int32>()
        seen.reserveCapacity(snapshot.processes.count)
        for record in snapshot.processes {
            seen.insert(record.pid)
            guard !tracker.touched(record.pid, since: sequence) else { continue }
            switch tracker.processes[record.pid] {
            case nil: found.processes[record.pid] = .processAppeared
            case let known? where known.identity != record.identity: found.processes[record.pid] = .processAppeared
            case let known? where known.links != record.links: found.processes[record.pid] = .processChanged
            default: break
            }
        }
        for pid in tracker.processes.keys where !seen.contains(pid) && !tracker.touched(pid, since: sequence) {
            found.processes[pid] = .processVanished
        }
        let model = current()
        let modelMembers = Self.processHeld(model.namespaces)
        let scanMembers = Self.processHeld(snapshot.namespaces)
        let members = Self.members(model.processes).merging(Self.members(snapshot.processes)) { $0 + $1 }
        for key in scanMembers.subtracting(modelMembers) { found.namespaces.append((.namespaceAppeared, members[key] ?? [])) }
        for key in modelMembers.subtracting(scanMembers) { found.namespaces.append((.namespaceVanished, members[key] ?? [])) }
        let mounts = BindMounts(snapshot.namespaces)
        let modelMounts = BindMounts(model.namespaces)
        let inodes = Set(mounts.byInode.keys).union(modelMounts.byInode.keys)
        found.bindMounts = inodes.filter { mounts.byInode[$0] != modelMounts.byInode[$0] }.count
        let scanHolders = Dictionary(snapshot.namespaces.map { ($0.id.ino, Self.eventless($0)) }) { a, _ in a }
        found.holders = model.namespaces.filter { namespace in
            scanHolders[namespace.id.ino].map { $0 != Self.eventless(namespace) } ?? false
        }.count
        return found
    }

    private static func processHeld(_ namespaces: [Namespace]) -> Set<NamespaceKey> {
        Set(namespaces.lazy.filter { ($0.holders[.process] ?? 0) > 0 }.map { $0.key })
    }

    private static func members(_ processes: [ProcessRecord]) -> [NamespaceKey: [Int32]] {
        var members: [NamespaceKey: [Int32]] = [:]
        for process in processes {
            for (index, slot) in NamespaceLinks.slots.enumerated() {
                guard let ino = process.links[slot: index] else { continue }
                members[NamespaceKey(type: slot.type, ino: ino), default: []].append(process.pid)
            }
        }
        return members
    }

    /// Holders no event reports.
    private static func eventless(_ namespace: Namespace) -> [HolderKind: Int] {
        namespace.holders.filter { [.fd, .socket, .thread].contains($0.key) }
    }

    /// The host as the model knows it now: the last scan, with membership
    /// from events and bind mounts from mount events. A namespace that
    /// events created has no owner, parent, unit or stats until the next
    /// resync; one whose last holder went is gone.
    public func current() -> Snapshot {
        guard var snapshot = scan else {
            return Snapshot(timestamp: 0, duration: 0, namespaces: [], processCounts: .init())
        }
        var namespaces = snapshot.namespaces
        var index: [NamespaceKey: Int] = [:]
        index.reserveCapacity(namespaces.count)
        for i in namespaces.indices {
            index[namespaces[i].key] = i
            if retired.contains(namespaces[i].key) {
                // Destroyed since the scan, as far as events tell: what was found inside it is not said of
                // a namespace that took its inode (the collectors look into that one as new). Its holders
                // stay: a bind mount the events did not see may still hold it.
                namespaces[i].stats = NamespaceStats()
            }
            namespaces[i].processCount = 0
            namespaces[i].leader = nil
            namespaces[i].holders[.process] = nil
            if bindMounts != nil {
                namespaces[i].holders[.bindmount] = nil
                namespaces[i].mountPoints = []
            }
        }
        let dev = namespaces.first?.id.dev ?? 0
        func slot(_ type: NamespaceType, _ ino: UInt64) -> Int {
            let key = NamespaceKey(type: type, ino: ino)
            if let i = index[key] { return i }
            namespaces.append(Namespace(id: NamespaceID(dev: dev, ino: ino), type: type, processCount: 0, leader: nil))
            index[key] = namespaces.count - 1
            return namespaces.count - 1
        }
        let processes = tracker.processes.values.sorted { $0.pid < $1.pid }
        for process in processes {
            for (link, kind) in NamespaceLinks.slots.enumerated() {
                guard let ino = process.links[slot: link] else { continue }
                let i = slot(kind.type, ino)
                namespaces[i].holders[.process, default: 0] += 1
                guard !kind.forChildren else { continue }
                namespaces[i].processCount += 1
                if namespaces[i].leader == nil { namespaces[i].leader = .init(pid: process.pid, comm: process.comm) }
            }
        }
        for (ino, holding) in bindMounts?.byInode ?? [:] {
            let i = slot(holding.type, ino)
            namespaces[i].holders[.bindmount] = holding.count
            namespaces[i].mountPoints = holding.mountPoints
        }
        if !stats.isEmpty {
            for i in namespaces.indices {
                if let found = stats[namespaces[i].key] { namespaces[i].stats = found }
            }
        }
        let byNamespace = containers.byNamespace(processes)
        for i in namespaces.indices where !namespaces[i].containers.isEmpty || byNamespace[namespaces[i].key] != nil {
            namespaces[i].containers = byNamespace[namespaces[i].key] ?? []
        }
        snapshot.collectors.merge(collectorOutcomes) { $1 }
        let added = namespaces.count > snapshot.namespaces.count
        namespaces.removeAll { $0.holders.values.allSatisfy { $0 == 0 } }
        if added { namespaces.sort { ($0.type, $0.id) < ($1.type, $1.id) } }
        snapshot.namespaces = namespaces
        snapshot.processes = processes
        snapshot.containers = containers
        snapshot.processCounts.scanned = processes.count
        return snapshot
    }
}
