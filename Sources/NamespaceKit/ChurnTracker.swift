/// Turns observations of processes into churn: namespaces created and
/// destroyed, processes joining and leaving them, and lifetimes.
///
/// It keeps the last known record of every process and, per namespace, how
/// many process links name it. Observations come as a full scan (a
/// `Snapshot`) or as one process at a time (from the kernel's process
/// events); both are applied as a batch of process changes, so a namespace
/// passed from one process to another within a batch is not taken for
/// destroyed and created again.
///
/// Definitions (the README repeats them):
/// - created: a namespace becomes reachable from some process's `ns/*` or
///   `*_for_children` link; destroyed: it stops being reachable.
/// - joined: a process becomes a member (its `ns/<type>` link names the
///   namespace) of a namespace that existed before — a new process forked
///   into it, or one that moved in with `setns`/`unshare`. The processes
///   whose arrival creates a namespace do not join it.
/// - left: a process stops being a member of a namespace that still exists
///   afterwards — it exited or moved. Leaving with the namespace's
///   destruction is not a leave.
/// The first full scan is the baseline: what exists then was not seen
/// created, and its lifetime is not observed when it is destroyed.
public struct ChurnTracker: Sendable {
    private struct NamespaceState {
        var references = 0
        var firstSeen: Double
        /// Whether its creation was observed (not there at the baseline).
        var creationSeen: Bool
        /// `NS_GET_ID`, where it was asked: the kernel's id, never reused.
        var id: UInt64?
    }

    public private(set) var counters = ChurnCounters()
    public private(set) var recent: EventRing
    /// The last known record of every process: the model's membership.
    public private(set) var processes: [Int32: ProcessRecord] = [:]
    private var namespaces: [NamespaceKey: NamespaceState] = [:]
    private var baselined = false
    /// Numbers process events, so a full scan that started before an event
    /// does not undo it (the event saw that process later than the scan).
    public private(set) var eventSequence: UInt64 = 0
    private var touchedByEvent: [Int32: UInt64] = [:]

    /// Namespaces with more references than this are not checked for reuse.
    static let staleCheckLimit = 16

    /// Whether an event touched `pid` after `sequence` (an `eventSequence` read earlier).
    public func touched(_ pid: Int32, since sequence: UInt64) -> Bool {
        (touchedByEvent[pid] ?? 0) > sequence
    }

    public init(recentEvents capacity: Int = 1024) {
        recent = EventRing(capacity: capacity)
    }

    /// When each namespace alive now was first seen (the baseline time for
    /// those there at the start).
    public func firstSeen(_ key: NamespaceKey) -> Double? {
        namespaces[key]?.firstSeen
    }

    /// The kernel's id of a namespace alive now, where it was recorded.
    public func id(of key: NamespaceKey) -> UInt64? {
        namespaces[key]?.id
    }

    /// Records the kernel's id of a namespace alive now.
    public mutating func record(id: UInt64, of key: NamespaceKey) {
        namespaces[key]?.id = id
    }

    /// Destroys `key` at `time`: the kernel says the namespace that inode
    /// names now is another one (its id differs). Its holders' links to it are dropped.
    @discardableResult
    public mutating func retire(_ key: NamespaceKey, at time: Double) -> [ChurnEvent] {
        let holders = processes.values.filter { $0.holds(key) }
        guard !holders.isEmpty else { return [] }
        return applyBatch(holders.map { (old: Optional($0), new: Optional($0.dropping(key))) }, at: time, baseline: false)
    }

    /// Applies a full scan. `sequence` is `eventSequence` read when the scan
    /// started: processes an event touched since keep what the event said.
    @discardableResult
    public mutating func apply(_ snapshot: Snapshot, scanStartedAt sequence: UInt64? = nil) -> [ChurnEvent] {
        let since = sequence ?? eventSequence
        var changes: [(old: ProcessRecord?, new: ProcessRecord?)] = []
        var seen = Set<Int32>()
        seen.reserveCapacity(snapshot.processes.count)
        for record in snapshot.processes {
            seen.insert(record.pid)
            if let touched = touchedByEvent[record.pid], touched > since { continue }
            let old = processes[record.pid]
            if old == record { continue }
            if let old, old.identity != record.identity {
                changes.append((old, nil))  // the pid was reused: one process ended, another began
                changes.append((nil, record))
            } else {
                changes.append((old, record))
            }
        }
        for (pid, old) in processes where !seen.contains(pid) {
            if let touched = touchedByEvent[pid], touched > since { continue }
            changes.append((old, nil))
        }
        touchedByEvent = touchedByEvent.filter { $0.value > since }
        let baseline = !baselined
        baselined = true
        return applyBatch(changes, at: snapshot.timestamp, baseline: baseline)
    }

    /// Applies one process's new state (`nil`: it exited) at `time`.
    ///
    /// The kernel frees a namespace (and its inode, for reuse) before it
    /// reports the exit of its last process, so a new namespace can arrive
    /// with the inode of one the tracker still thinks alive. When a process
    /// enters a namespace it did not inherit (`parent`, for a fork) and the
    /// tracker knows that inode already, `stillHolds(pid, slot, inode)` asks
    /// the kernel whether its known holders still hold it; if none does, the
    /// old namespace is destroyed first and this one is new.
    @discardableResult
    public mutating func apply(
        pid: Int32, record: ProcessRecord?, parent: Int32? = nil, at time: Double,
        stillHolds: (Int32, Int, UInt64) -> Bool = { _, _, _ in true }
    ) -> [ChurnEvent] {
        // Before the baseline scan there is nothing to compare with.
        guard baselined else { return [] }
        eventSequence += 1
        touchedByEvent[pid] = eventSequence
        let old = processes[pid]
        guard old != record else { return [] }
        var events: [ChurnEvent] = []
        if let record {
            let inherited = old ?? parent.flatMap { processes[$0] }
            events += retireStaleNamespaces(entered: record, inherited: inherited, at: time, stillHolds: stillHolds)
        }
        if let old, let record, old.identity != record.identity {
            return events + applyBatch([(old, nil), (nil, record)], at: time, baseline: false)
        }
        return events + applyBatch([(processes[pid], record)], at: time, baseline: false)
    }

    /// Destroys the namespaces `record` enters that the tracker knows by
    /// inode but whose known holders no longer hold them (the inode was
    /// freed and reused), removing them from those holders' records.
    private mutating func retireStaleNamespaces(
        entered record: ProcessRecord, inherited: ProcessRecord?, at time: Double,
        stillHolds: (Int32, Int, UInt64) -> Bool
    ) -> [ChurnEvent] {
        var stale: [(NamespaceKey, Int)] = []
        for (index, slot) in NamespaceLinks.slots.enumerated() {
            guard let ino = record.links[slot: index], inherited?.links[slot: index] != ino else { continue }
            let key = NamespaceKey(type: slot.type, ino: ino)
            // All holders of a namespace gone within the few milliseconds
            // before their exits are reported: only plausible for a few.
            if let state = namespaces[key], state.references <= Self.staleCheckLimit { stale.append((key, index)) }
        }
        var events: [ChurnEvent] = []
        for (key, _) in stale {
            let holders = processes.values.filter { $0.pid != record.pid && $0.holds(key) }
            let alive = holders.contains { holder in
                NamespaceLinks.slots.indices.contains { index in
                    holder.links[slot: index] == key.ino && NamespaceLinks.slots[index].type == key.type
                        && stillHolds(holder.pid, index, key.ino)
                }
            }
            guard !alive, !holders.isEmpty else { continue }
            let changes = holders.map { holder in (old: Optional(holder), new: Optional(holder.dropping(key))) }
            events += applyBatch(changes, at: time, baseline: false)
        }
        return events
    }

    private mutating func applyBatch(
        _ changes: [(old: ProcessRecord?, new: ProcessRecord?)], at time: Double, baseline: Bool
    ) -> [ChurnEvent] {
        var delta: [NamespaceKey: Int] = [:]
        var holder: [NamespaceKey: ProcessRecord] = [:]
        var joined: [(NamespaceKey, ProcessRecord)] = []
        var left: [(NamespaceKey, ProcessRecord)] = []
        for (old, new) in changes {
            for (index, slot) in NamespaceLinks.slots.enumerated() {
                let before = old?.links[slot: index].map { NamespaceKey(type: slot.type, ino: $0) }
                let after = new?.links[slot: index].map { NamespaceKey(type: slot.type, ino: $0) }
                let sameProcess = old != nil && new != nil
                if before == after && sameProcess { continue }
                if let before, let old {
                    delta[before, default: 0] -= 1
                    holder[before] = holder[before] ?? old
                    if !slot.forChildren { left.append((before, old)) }
                }
                if let after, let new {
                    delta[after, default: 0] += 1
                    holder[after] = new
                    if !slot.forChildren { joined.append((after, new)) }
                }
            }
            if let new { processes[new.pid] = new } else if let old { processes[old.pid] = nil }
        }

        var events: [ChurnEvent] = []
        var alive: Set<NamespaceKey> = []  // existed before the batch and still after it
        for (key, change) in delta.sorted(by: { $0.key < $1.key }) {
            let state = namespaces[key]
            let before = state?.references ?? 0
            let after = before + change
            let process = holder[key]
            if before == 0 && after > 0 {
                namespaces[key] = NamespaceState(references: after, firstSeen: time, creationSeen: !baseline)
                if !baseline {
                    events.append(ChurnEvent(time: time, kind: .created, namespace: key, pid: process?.pid, comm: process?.comm))
                }
            } else if before > 0 && after <= 0 {
                namespaces[key] = nil
                let lifetime = state.flatMap { $0.creationSeen ? max(0, time - $0.firstSeen) : nil }
                events.append(ChurnEvent(
                    time: time, kind: .destroyed, namespace: key, pid: process?.pid, comm: process?.comm, lifetime: lifetime))
            } else if before > 0 {
                namespaces[key]?.references = after
                alive.insert(key)
            }
        }
        if !baseline {
            for (key, process) in joined where alive.contains(key) {
                events.append(ChurnEvent(time: time, kind: .joined, namespace: key, pid: process.pid, comm: process.comm))
            }
            for (key, process) in left where alive.contains(key) {
                events.append(ChurnEvent(time: time, kind: .left, namespace: key, pid: process.pid, comm: process.comm))
            }
        }
        for event in events {
            counters.count(event)
            recent.append(event)
        }
        return events
    }
}

extension ProcessRecord {
    func holds(_ key: NamespaceKey) -> Bool {
        NamespaceLinks.slots.indices.contains { links[slot: $0] == key.ino && NamespaceLinks.slots[$0].type == key.type }
    }

    /// This record without its links to `key` (a namespace it no longer holds).
    func dropping(_ key: NamespaceKey) -> ProcessRecord {
        var copy = self
        for index in NamespaceLinks.slots.indices
        where copy.links[slot: index] == key.ino && NamespaceLinks.slots[index].type == key.type {
            copy.links[slot: index] = nil
        }
        return copy
    }
}
