import NamespaceKit

/// A container host made up in memory: the same on every machine, so its
/// numbers compare across machines, and large enough to show how rendering
/// grows. Each container has its own cgroup, ipc, mnt, net, pid and uts
/// namespaces and shares the host's user and time namespaces, as Docker does.
enum SyntheticHost {
    static let hostProcesses = 80
    static let processesPerContainer = 5

    static func snapshot(containers: Int) -> Snapshot {
        let ownTypes: [NamespaceType] = [.cgroup, .ipc, .mnt, .net, .pid, .uts]
        let hostIDs = Dictionary(uniqueKeysWithValues: NamespaceType.allCases.enumerated().map { index, type in
            (type, NamespaceID(dev: 4, ino: 4_026_531_834 + UInt64(index)))
        })
        let hostUser = RelatedNamespace.namespace(hostIDs[.user]!)

        var namespaces = NamespaceType.allCases.map { type in
            var host = Namespace(
                id: hostIDs[type]!, type: type, processCount: hostProcesses, leader: .init(pid: 1, comm: "systemd"),
                owner: type == .user ? .none : hostUser, parent: type.isHierarchical ? RelatedNamespace.none : nil,
                creatorUID: type == .user ? 0 : nil, holders: [.process: hostProcesses], threadCount: hostProcesses * 3)
            host.stats = stats(for: type, hostname: "node-1")
            return host
        }
        var processes = (1...Int32(hostProcesses)).map { pid in
            record(pid: pid, comm: pid == 1 ? "systemd" : "daemon-\(pid)", ids: hostIDs)
        }

        for container in 0..<containers {
            let containerID = hexID(container)
            let leaderPID = Int32(10_000 + container * 100)
            var ids = hostIDs
            for (index, type) in ownTypes.enumerated() {
                ids[type] = NamespaceID(dev: 4, ino: 4_026_532_000 + UInt64(container * ownTypes.count + index))
            }
            for type in ownTypes {
                var namespace = Namespace(
                    id: ids[type]!, type: type, processCount: processesPerContainer, leader: .init(pid: leaderPID, comm: "nginx"),
                    owner: hostUser, parent: type == .pid ? .namespace(hostIDs[.pid]!) : nil,
                    container: ContainerAttribution(runtime: "docker", containerID: containerID),
                    holders: [.process: processesPerContainer], threadCount: processesPerContainer * 2)
                namespace.stats = stats(for: type, hostname: String(containerID.prefix(12)))
                namespaces.append(namespace)
            }
            for offset in 0..<Int32(processesPerContainer) {
                processes.append(record(pid: leaderPID + offset, comm: offset == 0 ? "nginx" : "nginx-worker", ids: ids))
            }
        }

        var snapshot = Snapshot(
            timestamp: 1_700_000_000.5, duration: 0.025, namespaces: namespaces, processes: processes,
            processCounts: .init(scanned: processes.count), pidCounter: PidCounter(lastPID: 40_000, pidMax: 4_194_304))
        for collector in StatsCollector.defaults {
            snapshot.collectors[collector] = CollectorOutcome()
        }
        return snapshot
    }

    /// What the default collectors find in a namespace of `type`; the network
    /// figures go through the real parsers so they have the real shape.
    static func stats(for type: NamespaceType, hostname: String) -> NamespaceStats {
        var stats = NamespaceStats()
        switch type {
        case .net:
            stats.interfaces = NetDev.parse(netDev[...]).values
            stats.sockets = SockStat.parse(sockstat[...]).values.flatMap { $0 }
        case .mnt:
            stats.mounts = 32
            stats.nsfsMounts = 0
        case .uts:
            stats.hostname = hostname
            stats.domainname = "(none)"
        case .user:
            stats.uidMap = IDMapRange.identity
            stats.gidMap = IDMapRange.identity
        case .pid:
            stats.visibleProcesses = processesPerContainer
            stats.visibleThreads = processesPerContainer * 2
        default:
            break
        }
        return stats
    }

    static func record(pid: Int32, comm: String, ids: [NamespaceType: NamespaceID]) -> ProcessRecord {
        var links = NamespaceLinks()
        for (slot, which) in NamespaceLinks.slots.enumerated() {
            links[slot: slot] = ids[which.type]?.ino
        }
        return ProcessRecord(pid: pid, startTime: 1_000_000 + UInt64(pid), comm: comm, links: links)
    }

    /// A 64-hex-digit container ID, different for each container.
    static func hexID(_ number: Int) -> String {
        let digits = String(number, radix: 16)
        return String(repeating: "a", count: 64 - digits.count) + digits
    }

    static let netDev = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo:    12345     123    0    0    0     0          0         0    12345     123    0    0    0     0       0          0
          eth0: 98765432   65432    0    1    0     0          0         0 12345678   23456    0    0    0     0       0          0

        """

    static let sockstat = """
        sockets: used 12
        TCP: inuse 4 orphan 0 tw 7 alloc 5 mem 1
        UDP: inuse 1 mem 0
        UDPLITE: inuse 0
        RAW: inuse 0
        FRAG: inuse 0 memory 0

        """
}
