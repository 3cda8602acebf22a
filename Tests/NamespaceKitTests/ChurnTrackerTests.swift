import Testing
@testable import NamespaceKit

/// Churn from literal observations: exact events and counters.
struct ChurnTrackerTests {
    /// Host namespaces: one inode per type, from 100 up.
    static let host: [NamespaceType: UInt64] = Dictionary(
        uniqueKeysWithValues: NamespaceType.allCases.enumerated().map { ($1, UInt64(100 + $0)) })

    /// A process in the host's namespaces except `private`.
    static func process(_ pid: Int32, start: UInt64 = 1, comm: String = "p", _ inodes: [NamespaceType: UInt64] = [:],
                        pidForChildren: UInt64? = nil) -> ProcessRecord {
        var links = NamespaceLinks()
        for (index, slot) in NamespaceLinks.slots.enumerated() {
            if slot.forChildren {
                links[slot: index] = slot.type == .pid ? (pidForChildren ?? inodes[.pid] ?? host[.pid]) : (inodes[.time] ?? host[.time])
            } else {
                links[slot: index] = inodes[slot.type] ?? host[slot.type]
            }
        }
        return ProcessRecord(pid: pid, startTime: start, comm: comm, links: links)
    }

    static func snapshot(_ time: Double, _ processes: [ProcessRecord]) -> Snapshot {
        Snapshot(timestamp: time, duration: 0, namespaces: [], processes: processes, processCounts: .init())
    }

    /// Events as compact strings: `kind type:ino pid`.
    static func describe(_ events: [ChurnEvent]) -> [String] {
        events.map { "\($0.kind.rawValue) \($0.namespace.type.rawValue):\($0.namespace.ino) \($0.pid.map(String.init) ?? "-")" }.sorted()
    }

    static let hostTypes: [NamespaceType] = [.cgroup, .ipc, .mnt, .pid, .time, .user, .uts]

    @Test func firstScanIsTheBaseline() {
        var tracker = ChurnTracker()
        #expect(tracker.apply(Self.snapshot(10, [Self.process(1), Self.process(2, [.net: 900])])).isEmpty)
        #expect(tracker.counters == ChurnCounters())
        #expect(tracker.firstSeen(NamespaceKey(type: .net, ino: 900)) == 10)
    }

    @Test func processInANewNamespaceCreatesItAndJoinsTheRest() {
        var tracker = ChurnTracker()
        tracker.apply(Self.snapshot(10, [Self.process(1)]))
        let events = tracker.apply(Self.snapshot(15, [Self.process(1), Self.process(7, [.net: 900])]))
        #expect(Self.describe(events) == (["created net:900 7"] + Self.hostTypes.map { "joined \($0.rawValue):\(Self.host[$0]!) 7" }).sorted())
        #expect(tracker.counters.created == [.net: 1])
        #expect(tracker.counters.joins[.net] == nil)
        #expect(tracker.counters.joins[.uts] == 1)

        let gone = tracker.apply(Self.snapshot(17.5, [Self.process(1)]))
        #expect(Self.describe(gone) == (["destroyed net:900 7"] + Self.hostTypes.map { "left \($0.rawValue):\(Self.host[$0]!) 7" }).sorted())
        #expect(gone.first { $0.kind == .destroyed }?.lifetime == 2.5)
        #expect(tracker.counters.destroyed == [.net: 1])
        #expect(tracker.counters.lifetimes[.net]?.count == 1)
        #expect(tracker.counters.lifetimes[.net]?.sum == 2.5)
        // 2.5 s falls in the 2.5 bucket and every one above it, not below.
        let buckets = tracker.counters.lifetimes[.net]!.buckets
        let index = ChurnCounters.lifetimeBuckets.firstIndex(of: 2.5)!
        #expect(buckets[..<index].allSatisfy { $0 == 0 })
        #expect(buckets[index...].allSatisfy { $0 == 1 })
    }

    @Test func namespacesThereAtTheBaselineHaveNoObservedLifetime() {
        var tracker = ChurnTracker()
        tracker.apply(Self.snapshot(10, [Self.process(1), Self.process(2, [.uts: 900])]))
        let events = tracker.apply(Self.snapshot(20, [Self.process(1)]))
        let destroyed = events.first { $0.kind == .destroyed }
        #expect(destroyed?.namespace == NamespaceKey(type: .uts, ino: 900))
        #expect(destroyed?.lifetime == nil)
        #expect(tracker.counters.lifetimes.isEmpty)
    }

    @Test func pidReuseIsAnotherProcessNotTheSameOne() {
        var tracker = ChurnTracker()
        tracker.apply(Self.snapshot(10, [Self.process(1), Self.process(5, start: 100, comm: "old")]))
        // Same pid, same namespaces, another start time: one left, another joined.
        let events = tracker.apply(Self.snapshot(15, [Self.process(1), Self.process(5, start: 900, comm: "new")]))
        #expect(events.filter { $0.kind == .left }.count == 8)
        #expect(events.filter { $0.kind == .joined }.count == 8)
        #expect(events.filter { $0.kind == .left }.allSatisfy { $0.comm == "old" })
        #expect(events.filter { $0.kind == .joined }.allSatisfy { $0.comm == "new" })
        #expect(tracker.counters.created.isEmpty && tracker.counters.destroyed.isEmpty)
        // Same pid and start time: the same process, nothing happened.
        #expect(tracker.apply(Self.snapshot(20, [Self.process(1), Self.process(5, start: 900, comm: "new")])).isEmpty)
    }

    @Test func inodeReuseAfterADestroyIsANewNamespace() {
        var tracker = ChurnTracker()
        tracker.apply(Self.snapshot(10, [Self.process(1)]))
        tracker.apply(Self.snapshot(11, [Self.process(1), Self.process(2, [.net: 900])]))
        tracker.apply(Self.snapshot(12, [Self.process(1)]))
        let again = tracker.apply(Self.snapshot(13, [Self.process(1), Self.process(3, [.net: 900])]))
        #expect(again.contains { $0.kind == .created && $0.namespace.ino == 900 })
        #expect(tracker.firstSeen(NamespaceKey(type: .net, ino: 900)) == 13)
        // The inode taken by another type in one step: one destroyed, one created.
        let swapped = tracker.apply(Self.snapshot(14, [Self.process(1), Self.process(3, [.ipc: 900])]))
        #expect(swapped.contains { $0.kind == .destroyed && $0.namespace == NamespaceKey(type: .net, ino: 900) })
        #expect(swapped.contains { $0.kind == .created && $0.namespace == NamespaceKey(type: .ipc, ino: 900) })
        #expect(tracker.counters.created == [.net: 2, .ipc: 1])
    }

    @Test func namespaceHandedFromOneProcessToAnotherIsNotRecreated() {
        var tracker = ChurnTracker()
        tracker.apply(Self.snapshot(10, [Self.process(1), Self.process(2, [.mnt: 900])]))
        // 2 went back to the host's; 3 entered 900: within one scan.
        let events = tracker.apply(Self.snapshot(15, [Self.process(1), Self.process(2), Self.process(3, [.mnt: 900])]))
        #expect(Self.describe(events.filter { $0.namespace.type == .mnt }) == [
            "joined mnt:102 2", "joined mnt:900 3", "left mnt:900 2",
        ])
        #expect(tracker.counters.created.isEmpty && tracker.counters.destroyed.isEmpty)
    }

    @Test func namespaceReachedOnlyForChildrenIsCreatedWithoutMembers() {
        var tracker = ChurnTracker()
        tracker.apply(Self.snapshot(10, [Self.process(1)]))
        let events = tracker.apply(Self.snapshot(11, [Self.process(1, pidForChildren: 950)]))
        #expect(Self.describe(events) == ["created pid:950 1"])
        #expect(tracker.counters.joins.isEmpty)
    }

    @Test func processEventsAreTrackedOneByOne() {
        var tracker = ChurnTracker()
        tracker.apply(Self.snapshot(10, [Self.process(1)]))
        let sequence = tracker.eventSequence
        let forked = tracker.apply(pid: 8, record: Self.process(8), at: 10.1)
        #expect(forked.count == 8 && forked.allSatisfy { $0.kind == .joined })
        let execed = tracker.apply(pid: 8, record: Self.process(8, [.net: 901, .uts: 902]), at: 10.12)
        #expect(Self.describe(execed) == ["created net:901 8", "created uts:902 8", "left net:103 8", "left uts:107 8"])
        let exited = tracker.apply(pid: 8, record: nil, at: 10.15)
        #expect(exited.filter { $0.kind == .destroyed }.count == 2)
        #expect(abs((exited.first { $0.kind == .destroyed }?.lifetime ?? 0) - 0.03) < 1e-9)
        // A scan that started before those events still listed pid 8: it must
        // not bring the exited process back.
        let stale = tracker.apply(Self.snapshot(10.05, [Self.process(1), Self.process(8)]), scanStartedAt: sequence)
        #expect(stale.isEmpty)
        #expect(tracker.counters.created == [.net: 1, .uts: 1])
        #expect(tracker.counters.destroyed == [.net: 1, .uts: 1])
    }

    /// The kernel frees a namespace before it reports its last process's
    /// exit, and the inode can go to a new namespace in between.
    @Test func inodeFreedBeforeTheExitIsReportedIsANewNamespace() {
        var tracker = ChurnTracker()
        tracker.apply(Self.snapshot(10, [Self.process(1)]))
        tracker.apply(pid: 8, record: Self.process(8, [.mnt: 900]), parent: 1, at: 10.1)
        // 8 has exited (not reported yet); 9, forked by 1, got a new mount namespace with inode 900.
        let events = tracker.apply(pid: 9, record: Self.process(9, [.mnt: 900]), parent: 1, at: 10.2) { pid, _, _ in
            pid != 8  // the kernel says: 8 no longer holds it
        }
        #expect(Self.describe(events.filter { $0.namespace.type == .mnt }) == ["created mnt:900 9", "destroyed mnt:900 8"])
        #expect(abs((events.first { $0.kind == .destroyed }?.lifetime ?? 0) - 0.1) < 1e-9)
        // 8's exit, reported late, is no longer about 900.
        let exit8 = tracker.apply(pid: 8, record: nil, at: 10.25)
        #expect(!exit8.contains { $0.namespace.ino == 900 })
        #expect(exit8.filter { $0.kind == .left }.count == 7)
        let exit9 = tracker.apply(pid: 9, record: nil, at: 10.3)
        #expect(Self.describe(exit9.filter { $0.namespace.type == .mnt }) == ["destroyed mnt:900 9"])
        #expect(tracker.counters.created == [.mnt: 2])
        #expect(tracker.counters.destroyed == [.mnt: 2])
    }

    /// Entering a namespace others still hold (`setns`) is a join.
    @Test func enteringALiveNamespaceIsAJoin() {
        var tracker = ChurnTracker()
        tracker.apply(Self.snapshot(10, [Self.process(1), Self.process(8, [.net: 900])]))
        var asked: [Int32] = []
        let events = tracker.apply(pid: 9, record: Self.process(9, [.net: 900]), parent: 1, at: 11) { pid, _, _ in
            asked.append(pid)
            return true
        }
        #expect(asked == [8])
        #expect(events.contains { $0.kind == .joined && $0.namespace == NamespaceKey(type: .net, ino: 900) })
        #expect(tracker.counters.created.isEmpty)
    }

    /// What a fork inherits from its parent is never questioned.
    @Test func inheritedNamespacesAreNotChecked() {
        var tracker = ChurnTracker()
        tracker.apply(Self.snapshot(10, [Self.process(1), Self.process(8, [.net: 900])]))
        var asked = 0
        tracker.apply(pid: 9, record: Self.process(9, [.net: 900]), parent: 8, at: 11) { _, _, _ in
            asked += 1
            return false
        }
        #expect(asked == 0)
        #expect(tracker.counters.joins[.net] == 1)
    }

    @Test func eventsBeforeTheBaselineAreIgnored() {
        var tracker = ChurnTracker()
        #expect(tracker.apply(pid: 8, record: Self.process(8, [.net: 901]), at: 1).isEmpty)
        #expect(tracker.apply(Self.snapshot(10, [Self.process(1)])).isEmpty)
    }

    @Test func recentEventsKeepTheNewestInOrder() {
        var ring = EventRing(capacity: 3)
        for index in 0..<5 {
            ring.append(ChurnEvent(time: Double(index), kind: .created, namespace: NamespaceKey(type: .net, ino: 1), pid: nil, comm: nil))
        }
        #expect(ring.events.map(\.time) == [2, 3, 4])
        var empty = EventRing(capacity: 0)
        empty.append(ChurnEvent(time: 0, kind: .left, namespace: NamespaceKey(type: .net, ino: 1), pid: nil, comm: nil))
        #expect(empty.events.isEmpty)
    }
}
