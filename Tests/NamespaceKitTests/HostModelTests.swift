import Testing
@testable import NamespaceKit

/// The host model on literals: membership from events, bind mounts from
/// mount events, the rest from the scan, and corrections counted only for
/// what no event explains.
struct HostModelTests {
    typealias T = ChurnTrackerTests

    /// A scan of `processes` with the namespaces they are in, each held by its members' links.
    static func scan(_ time: Double, _ processes: [ProcessRecord], extra: [Namespace] = []) -> Snapshot {
        var found: [NamespaceKey: Namespace] = [:]
        for process in processes {
            for (index, slot) in NamespaceLinks.slots.enumerated() {
                guard let ino = process.links[slot: index] else { continue }
                let key = NamespaceKey(type: slot.type, ino: ino)
                found[key, default: Namespace(id: NamespaceID(dev: 4, ino: ino), type: slot.type, processCount: 0, leader: nil)]
                    .holders[.process, default: 0] += 1
                guard !slot.forChildren else { continue }
                found[key]!.processCount += 1
                if found[key]!.leader == nil { found[key]!.leader = .init(pid: process.pid, comm: process.comm) }
            }
        }
        for namespace in extra { found[NamespaceKey(type: namespace.type, ino: namespace.id.ino)] = namespace }
        let namespaces = found.values.sorted { ($0.type, $0.id) < ($1.type, $1.id) }
        return Snapshot(timestamp: time, duration: 0, namespaces: namespaces, processes: processes, processCounts: .init())
    }

    static func update(_ pid: Int32, _ record: ProcessRecord?, at time: Double) -> ProcessUpdate {
        ProcessUpdate(pid: pid, record: record, time: time)
    }

    static func processes(in model: HostModel, _ type: NamespaceType, _ ino: UInt64) -> Int? {
        model.current().namespaces.first { $0.type == type && $0.id.ino == ino }?.processCount
    }

    @Test func eventsKeepMembershipBetweenScans() {
        var model = HostModel()
        model.resync(Self.scan(10, [T.process(1), T.process(2)]), scanStartedAt: 0, endedAt: 10)
        #expect(Self.processes(in: model, .net, 103) == 2)
        let before = model.version
        // A running process moves into a new net namespace (perf record, then a re-read).
        model.apply(Self.update(2, T.process(2, [.net: 900]), at: 11), asking: nil)
        #expect(model.version > before)
        #expect(Self.processes(in: model, .net, 103) == 1)
        #expect(Self.processes(in: model, .net, 900) == 1)
        #expect(model.current().namespaces.first { $0.id.ino == 900 }?.leader?.pid == 2)
        #expect(model.tracker.counters.created[.net] == 1)
        // It exits: its namespace goes with it.
        model.apply(Self.update(2, nil, at: 12), asking: nil)
        #expect(Self.processes(in: model, .net, 900) == nil)
        #expect(Self.processes(in: model, .net, 103) == 1)
        #expect(model.current().processes.map(\.pid) == [1])
    }

    /// A container started between scans: its processes' events carry
    /// their cgroup, so every namespace they are in names it, the one it
    /// shares with the host too; when they exit, it goes.
    @Test func containersFollowTheirProcessesEvents() {
        let ctr = ContainerAttribution(runtime: "podman", containerID: String(repeating: "ab", count: 32), podUID: "p")
        var model = HostModel()
        model.resync(Self.scan(10, [T.process(1)]), scanStartedAt: 0, endedAt: 10)
        func containers(_ type: NamespaceType, _ ino: UInt64) -> [ContainerAttribution]? {
            model.current().namespaces.first { $0.type == type && $0.id.ino == ino }?.containers
        }
        var update = Self.update(7, T.process(7, [.net: 900, .uts: 901]), at: 11)
        update.container = ctr
        model.apply(update, asking: nil)
        // Its child, forked into the same namespaces (`podman exec` would setns into them).
        var second = ProcessUpdate(pid: 8, record: T.process(8, [.net: 900, .uts: 901]), parent: 7, time: 11.5)
        second.container = ContainerAttribution(runtime: "podman", containerID: String(repeating: "cd", count: 32), podUID: "p")
        model.apply(second, asking: nil)
        #expect(containers(.net, 900)?.map(\.containerID) == [ctr.containerID, second.container?.containerID])
        #expect(containers(.uts, 901)?.count == 2)
        #expect(containers(.net, T.host[.net]!)?.isEmpty == true, "pid 1 is in no container")
        #expect(containers(.user, T.host[.user]!)?.count == 2, "both share the host's user namespace")
        #expect(model.current().containers.processCounts.map(\.1) == [1, 1])
        model.apply(Self.update(7, nil, at: 12), asking: nil)
        model.apply(Self.update(8, nil, at: 12), asking: nil)
        #expect(containers(.uts, 901) == nil)
        #expect(model.current().containers.liveIDs.isEmpty)
    }

    @Test func anUpdateReadBeforeTheScanIsOlderThanIt() {
        var model = HostModel()
        model.resync(Self.scan(10, [T.process(1)]), scanStartedAt: 0, endedAt: 10)
        model.apply(Self.update(5, T.process(5), at: 9.5), asking: nil)
        #expect(model.process(5) == nil)
        model.apply(Self.update(5, T.process(5), at: 10.5), asking: nil)
        #expect(model.process(5) != nil)
    }

    @Test func bindMountsFromMountEventsReplaceTheScans() {
        var model = HostModel()
        model.resync(Self.scan(10, [T.process(1)]), scanStartedAt: 0, endedAt: 10)
        var mounts = BindMounts()
        mounts.byInode[950] = .init(type: .net, count: 1, mountPoints: ["/run/netns/blue"])
        model.apply(mounts)
        let held = model.current().namespaces.first { $0.id.ino == 950 }
        #expect(held?.holders == [.bindmount: 1])
        #expect(held?.mountPoints == ["/run/netns/blue"])
        #expect(held?.isPinned == true)
        model.apply(BindMounts())
        #expect(!model.current().namespaces.contains { $0.id.ino == 950 })
    }

    @Test func aResyncCountsWhatNoEventToldAfterItsGrace() {
        var model = HostModel()
        model.resync(Self.scan(10, [T.process(1), T.process(2)]), scanStartedAt: 0, endedAt: 10)
        // Events saw pid 2 move; nothing told of pid 3 or that pid 1 left.
        model.apply(Self.update(2, T.process(2, [.uts: 800]), at: 11), asking: nil)
        let sequence = model.tracker.eventSequence
        let pinned = Namespace(id: NamespaceID(dev: 4, ino: 960), type: .net, processCount: 0, leader: nil, holders: [.bindmount: 1],
                               mountPoints: ["/run/netns/red"])
        model.resync(Self.scan(20, [T.process(2, [.uts: 800]), T.process(3, [.ipc: 700])], extra: [pinned]),
                     scanStartedAt: sequence, endedAt: 20.5)
        #expect(model.corrections.isEmpty, "held for the grace period")
        model.settle(now: 21)
        #expect(model.corrections.isEmpty)
        model.settle(now: 20.5 + HostModel.grace)
        #expect(model.corrections[.processAppeared] == 1)
        #expect(model.corrections[.processVanished] == 1)
        #expect(model.corrections[.processChanged] == nil)
        #expect(model.corrections[.namespaceAppeared] == 1, "ipc:700")
        #expect(model.corrections[.bindMountChanged] == 1, "/run/netns/red")
        // The scan is the model now.
        #expect(Self.processes(in: model, .ipc, 700) == 1)
        #expect(model.process(1) == nil)
    }

    @Test func aLateEventExplainsADifference() {
        var model = HostModel()
        model.resync(Self.scan(10, [T.process(1)]), scanStartedAt: 0, endedAt: 10)
        let sequence = model.tracker.eventSequence
        model.resync(Self.scan(20, [T.process(1), T.process(4, [.net: 901])]), scanStartedAt: sequence, endedAt: 20.5)
        // The fork of pid 4 was read at 19.9 but applied only now.
        model.apply(Self.update(4, T.process(4, [.net: 901]), at: 19.9), asking: nil)
        model.settle(now: 30)
        #expect(model.corrections.isEmpty, "\(model.corrections)")
    }

    /// A process enters an inode the model knows, but the kernel's id of
    /// what it entered differs from the one recorded: the inode was freed
    /// and reused, so the first namespace is destroyed and this one is new.
    @Test func anotherIDBehindAKnownInodeIsANewNamespace() {
        var model = HostModel()
        model.resync(Self.scan(10, [T.process(1), T.process(2), T.process(3)]), scanStartedAt: 0, endedAt: 10)
        var ids: [UInt64: UInt64] = [800: 5001]
        let identify = { (_: Int32, type: NamespaceType) in type == .uts ? ids[800] : nil }
        model.apply(Self.update(2, T.process(2, [.uts: 800]), at: 11), asking: nil, identify: identify)
        #expect(model.tracker.id(of: NamespaceKey(type: .uts, ino: 800)) == 5001)
        // Pid 2's exit is not reported yet; pid 3 enters a new namespace that took inode 800.
        ids[800] = 5002
        let events = model.apply(Self.update(3, T.process(3, [.uts: 800]), at: 12), asking: nil, identify: identify)
        #expect(events.filter { $0.namespace.type == .uts }.map(\.kind) == [.destroyed, .created, .left])
        #expect(model.tracker.counters.created[.uts] == 2)
        #expect(model.tracker.counters.destroyed[.uts] == 1)
        #expect(model.tracker.id(of: NamespaceKey(type: .uts, ino: 800)) == 5002)
        // With the same id it is the same namespace: a join.
        let joined = model.apply(Self.update(1, T.process(1, [.uts: 800]), at: 13), asking: nil, identify: identify)
        #expect(joined.contains { $0.kind == .joined && $0.namespace == NamespaceKey(type: .uts, ino: 800) })
        #expect(model.tracker.counters.created[.uts] == 2)
    }

    /// What was found inside a namespace is not said of the next one that
    /// takes its inode: a hostname read in one UTS namespace must not be
    /// shown for another (found by the page at /ui, whose tests reuse inodes).
    @Test func statsOfADestroyedNamespaceAreNotTheNextOnes() {
        var model = HostModel()
        var hostname = NamespaceStats()
        hostname.hostname = "scanned"
        var scanned = Namespace(id: NamespaceID(dev: 4, ino: 810), type: .uts, processCount: 1, leader: .init(pid: 4, comm: "c"))
        scanned.holders[.process] = 1
        scanned.stats = hostname
        model.resync(Self.scan(10, [T.process(1), T.process(4, [.uts: 810])], extra: [scanned]), scanStartedAt: 0, endedAt: 10)
        model.apply(Self.update(2, T.process(2, [.uts: 800]), at: 11), asking: nil)
        let key = NamespaceKey(type: .uts, ino: 800)
        #expect(model.withoutStats(model.current()).contains(key))
        hostname.hostname = "first"
        model.apply(CollectedStats(byNamespace: [key: hostname], outcomes: [:], parseErrors: [:]))
        #expect(model.current().namespaces.first { $0.key == key }?.stats.hostname == "first")
        #expect(!model.withoutStats(model.current()).contains(key))
        // Both exit; new namespaces take both inodes.
        model.apply(Self.update(2, nil, at: 12), asking: nil)
        model.apply(Self.update(4, nil, at: 12), asking: nil)
        model.apply(Self.update(3, T.process(3, [.uts: 800]), at: 13), asking: nil)
        model.apply(Self.update(5, T.process(5, [.uts: 810]), at: 13), asking: nil)
        let now = model.current()
        for ino: UInt64 in [800, 810] {
            let reused = NamespaceKey(type: .uts, ino: ino)
            #expect(now.namespaces.first { $0.key == reused }?.stats.hostname == nil, "uts:\(ino)")
            #expect(model.withoutStats(now).contains(reused), "uts:\(ino)")
        }
    }

    /// A time namespace reached only through `time_for_children` (after
    /// `unshare --time`, before exec) is not asked for its id through
    /// `ns/time`, which still opens the old one: the exec into it is then
    /// a join of the same namespace, not a new one.
    @Test func aForChildrenLinkIsNotIdentifiedThroughTheMemberLink() {
        var model = HostModel()
        model.resync(Self.scan(10, [T.process(1), T.process(2)]), scanStartedAt: 0, endedAt: 10)
        var asked: [NamespaceType] = []
        let identify = { (_: Int32, type: NamespaceType) -> UInt64? in
            asked.append(type)
            return type == .time ? 9000 : nil  // what ns/time opens: the host's
        }
        var unshared = T.process(2)
        unshared.links[slot: NamespaceLinks.slots.firstIndex(of: .init(type: .time, forChildren: true))!] = 810
        model.apply(Self.update(2, unshared, at: 11), asking: nil, identify: identify)
        #expect(model.tracker.id(of: NamespaceKey(type: .time, ino: 810)) == nil)
        #expect(asked.isEmpty)
        model.apply(Self.update(2, T.process(2, [.time: 810]), at: 12), asking: nil, identify: identify)
        #expect(model.tracker.counters.created[.time] == 1)
        #expect(model.tracker.counters.destroyed[.time] == nil)
    }

    /// The resync showed a move before its event arrived; the event, once
    /// here, needs no update but still explains the difference.
    @Test func anEventTheResyncAlreadyShowedExplainsIt() {
        var model = HostModel()
        model.resync(Self.scan(10, [T.process(1), T.process(2)]), scanStartedAt: 0, endedAt: 10)
        let sequence = model.tracker.eventSequence
        model.resync(Self.scan(20, [T.process(1), T.process(2, [.net: 930])]), scanStartedAt: sequence, endedAt: 20.5)
        model.explain(pid: 2, at: 20.2)
        model.settle(now: 30)
        #expect(model.corrections.isEmpty, "\(model.corrections)")
        // Without it, the same resync counts the move and the namespace.
        var missed = HostModel()
        missed.resync(Self.scan(10, [T.process(1), T.process(2)]), scanStartedAt: 0, endedAt: 10)
        missed.resync(Self.scan(20, [T.process(1), T.process(2, [.net: 930])]), scanStartedAt: 0, endedAt: 20.5)
        missed.settle(now: 30)
        #expect(missed.corrections == [.processChanged: 1, .namespaceAppeared: 1])
    }
}
