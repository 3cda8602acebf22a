/// The container of each process that is in one, from its cgroup. Each
/// container is stored once however many processes it has; processes in
/// no container (most of a host) take no room.
public struct ProcessContainers: Equatable, Sendable {
    private var containers: [ContainerAttribution] = []
    private var indexOf: [ContainerAttribution: Int32] = [:]
    private var byPid: [Int32: Int32] = [:]

    public init() {}

    public subscript(pid: Int32) -> ContainerAttribution? {
        byPid[pid].map { containers[Int($0)] }
    }

    /// The index of `pid`'s container among `all`; nil if it is in none.
    public func index(of pid: Int32) -> Int? {
        byPid[pid].map(Int.init)
    }

    /// Every container stored so far (some may have no process left).
    public var all: [ContainerAttribution] { containers }

    public var isEmpty: Bool { byPid.isEmpty }

    /// Each container with a process, and how many it has, by container ID.
    public var processCounts: [(ContainerAttribution, Int)] {
        var counts = [Int](repeating: 0, count: containers.count)
        for index in byPid.values { counts[Int(index)] += 1 }
        return zip(containers, counts).filter { $0.1 > 0 }.sorted { ($0.0.containerID ?? "") < ($1.0.containerID ?? "") }
    }

    /// The IDs of the containers with a process.
    public var liveIDs: Set<String> {
        Set(byPid.values.compactMap { containers[Int($0)].containerID })
    }

    /// Records `pid`'s container; nil (or a unit, which is no container) forgets it.
    public mutating func set(_ pid: Int32, _ attribution: ContainerAttribution?) {
        guard let attribution, attribution.isContainer else {
            byPid[pid] = nil
            return
        }
        if let index = indexOf[attribution] {
            byPid[pid] = index
            return
        }
        let index = Int32(containers.count)
        containers.append(attribution)
        indexOf[attribution] = index
        byPid[pid] = index
    }
}

extension ProcessContainers {
    /// The containers of each namespace's member processes, by container ID;
    /// namespaces with no member in a container are absent.
    public func byNamespace(_ processes: some Sequence<ProcessRecord>) -> [NamespaceKey: [ContainerAttribution]] {
        guard !isEmpty else { return [:] }
        var found: [NamespaceKey: Set<Int>] = [:]
        for process in processes {
            guard let container = index(of: process.pid) else { continue }
            for (index, slot) in NamespaceLinks.slots.enumerated() where !slot.forChildren {
                guard let ino = process.links[slot: index] else { continue }
                found[NamespaceKey(type: slot.type, ino: ino), default: []].insert(container)
            }
        }
        return found.mapValues { indices in
            indices.map { containers[$0] }.sorted { ($0.containerID ?? "") < ($1.containerID ?? "") }
        }
    }
}

extension ContainerAttribution {
    /// A container, not only a systemd unit or a pod's own cgroup (where
    /// only a container's monitor, outside its namespaces, may live).
    public var isContainer: Bool { containerID != nil }
}
