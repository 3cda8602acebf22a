import NamespaceKit

/// What the per-namespace collectors found, one family per fact, each
/// collector bounded to `maxSeries` series (the rest counted as dropped),
/// and each collector's cost and success as node_exporter reports them.
extension MetricsRenderer {
    func renderStats(_ snapshot: Snapshot, into out: inout ExpositionWriter) {
        var dropped: [StatsCollector: Int] = [:]
        let namespaces = snapshot.namespaces
        let ran = snapshot.collectors.keys.sorted()
        func bounded(_ collector: StatsCollector, _ type: NamespaceType, _ cost: (NamespaceStats) -> Int) -> [Namespace] {
            var used = 0
            var kept: [Namespace] = []
            for namespace in namespaces where namespace.type == type {
                let series = cost(namespace.stats)
                if used + series <= maxSeries { kept.append(namespace); used += series } else { dropped[collector, default: 0] += series }
            }
            return kept
        }
        /// One gauge per namespace, labelled by inode; namespaces without the value are left out.
        func perInode(_ family: String, _ help: String, _ namespaces: [Namespace], _ value: (NamespaceStats) -> Double?) {
            out.family(family, .gauge, help: help)
            for namespace in namespaces {
                guard let value = value(namespace.stats) else { continue }
                out.sample(family, [("inode", String(namespace.id.ino))], value)
            }
        }

        if ran.contains(.net) {
            let net = bounded(.net, .net) { ($0.interfaces?.count ?? 0) * 8 + ($0.sockets?.count ?? 0) + ($0.conntrackEntries == nil ? 0 : 1) }
            let counters: [(String, String, KeyPath<NetDev.Interface, UInt64>)] = [
                ("receive_bytes", "Bytes received", \.receiveBytes), ("receive_packets", "Packets received", \.receivePackets),
                ("receive_errors", "Receive errors", \.receiveErrors), ("receive_drop", "Received packets dropped", \.receiveDropped),
                ("transmit_bytes", "Bytes sent", \.transmitBytes), ("transmit_packets", "Packets sent", \.transmitPackets),
                ("transmit_errors", "Transmit errors", \.transmitErrors), ("transmit_drop", "Packets dropped on sending", \.transmitDropped),
            ]
            for (name, help, field) in counters {
                let family = "linux_namespace_network_\(name)_total"
                out.family(family, .counter, help: "\(help) by each interface of each network namespace (/proc/<member>/net/dev, or from inside for namespaces with no member); netns is its ip-netns name.")
                for namespace in net {
                    for interface in namespace.stats.interfaces ?? [] {
                        out.sample(family, namespace.networkLabels + [("device", interface.name)], Double(interface[keyPath: field]))
                    }
                }
            }
            out.family("linux_namespace_network_sockets", .gauge, help: "Sockets of each network namespace by protocol and state (net/sockstat, sockstat6).")
            for namespace in net {
                for count in namespace.stats.sockets ?? [] {
                    out.sample("linux_namespace_network_sockets", namespace.networkLabels + [("protocol", count.proto), ("state", count.state)], Double(count.value))
                }
            }
            out.family("linux_namespace_network_conntrack_entries", .gauge, help: "Connection-tracking entries of each network namespace (net/stat/nf_conntrack), where conntrack is loaded.")
            for namespace in net {
                guard let entries = namespace.stats.conntrackEntries else { continue }
                out.sample("linux_namespace_network_conntrack_entries", namespace.networkLabels, Double(entries))
            }
        }

        if ran.contains(.mnt) {
            let mnt = bounded(.mnt, .mnt) { $0.mounts == nil ? 0 : 2 }
            perInode("linux_namespace_mounts", "Mounts in each mount namespace (a member's mountinfo).", mnt) { $0.mounts.map(Double.init) }
            perInode("linux_namespace_nsfs_mounts", "Of them, nsfs mounts: namespaces bind-mounted there.", mnt) { $0.nsfsMounts.map(Double.init) }
        }

        if ran.contains(.uts) {
            let uts = bounded(.uts, .uts) { $0.hostname == nil ? 0 : 1 }
            out.family("linux_namespace_uts_info", .gauge, help: "The host and domain name of each UTS namespace: how containers are recognised.")
            for namespace in uts {
                guard let hostname = namespace.stats.hostname else { continue }
                out.sample("linux_namespace_uts_info", [("inode", String(namespace.id.ino)), ("hostname", hostname), ("domainname", namespace.stats.domainname ?? "")], 1)
            }
        }

        if ran.contains(.ipc) {
            let ipc = bounded(.ipc, .ipc) { $0.ipc == nil ? 0 : 4 }
            let objects: [(String, String, (SysVIPC.Counts) -> Double)] = [
                ("message_queues", "SysV message queues", { Double($0.messageQueues) }),
                ("semaphore_sets", "SysV semaphore sets", { Double($0.semaphoreSets) }),
                ("shared_memory_segments", "SysV shared memory segments", { Double($0.sharedMemorySegments) }),
                ("shared_memory_bytes", "Bytes of SysV shared memory segments", { Double($0.sharedMemoryBytes) }),
            ]
            for (name, help, value) in objects {
                perInode("linux_namespace_ipc_\(name)", "\(help) in each IPC namespace (/proc/sysvipc, read from inside).", ipc) { $0.ipc.map(value) }
            }
        }

        if ran.contains(.user) {
            let user = bounded(.user, .user) { ($0.uidMap?.count ?? 0) + ($0.gidMap?.count ?? 0) + ($0.uidMap == nil ? 0 : 1) }
            out.family("linux_namespace_user_id_map_info", .gauge, help: "Each range of each user namespace's uid and gid map: inside ids from inside start at outside (as the exporter sees ids), count of them.")
            for namespace in user {
                for (map, ranges) in [("uid", namespace.stats.uidMap), ("gid", namespace.stats.gidMap)] {
                    for range in ranges ?? [] {
                        out.sample("linux_namespace_user_id_map_info", [
                            ("inode", String(namespace.id.ino)), ("map", map), ("inside", String(range.inside)),
                            ("outside", String(range.outside)), ("count", String(range.count)),
                        ], 1)
                    }
                }
            }
            perInode("linux_namespace_user_identity_mapped", "Whether a user namespace maps every uid and gid to itself (the host's identity map, 1) or not (0).", user) { stats in
                stats.uidMap.map { $0 == IDMapRange.identity && stats.gidMap == IDMapRange.identity ? 1 : 0 }
            }
        }

        if ran.contains(.pid) {
            let pid = bounded(.pid, .pid) { ($0.visibleProcesses == nil ? 0 : 1) + ($0.visibleThreads == nil ? 0 : 1) }
            perInode("linux_namespace_pid_visible_processes", "Processes visible inside each pid namespace: its members and those of every namespace nested in it.", pid) { $0.visibleProcesses.map(Double.init) }
            perInode("linux_namespace_pid_visible_threads", "Threads visible inside each pid namespace, nested namespaces included (with --collector.threads).", pid) { $0.visibleThreads.map(Double.init) }
        }

        out.family("namespace_exporter_collector_duration_seconds", .gauge, help: "How long each per-namespace collector took in the last sample (net, mnt, uts, ipc, user, pid).")
        for collector in ran {
            out.sample("namespace_exporter_collector_duration_seconds", [("collector", collector.rawValue)], snapshot.collectors[collector]!.seconds)
        }
        out.family("namespace_exporter_collector_success", .gauge, help: "Whether each per-namespace collector read every namespace it should have in the last sample (1) or failed on some (0): gone, refused (setns needs CAP_SYS_ADMIN, dropped by --no-probes) or malformed.")
        for collector in ran {
            out.sample("namespace_exporter_collector_success", [("collector", collector.rawValue)], snapshot.collectors[collector]!.success ? 1 : 0)
        }
        out.family("namespace_exporter_collector_series_dropped", .gauge, help: "Series each collector left out of the last exposition by --collector.namespaces.max-series.")
        for collector in ran {
            out.sample("namespace_exporter_collector_series_dropped", [("collector", collector.rawValue)], dropped[collector] ?? 0)
        }
    }
}

extension Namespace {
    /// `inode` and the `ip netns` name, when it is bind-mounted in the netns directory.
    var networkLabels: [(String, String)] {
        let name = mountPoints.first { $0.hasPrefix("/run/netns/") || $0.hasPrefix("/var/run/netns/") }.map { String($0.split(separator: "/").last ?? "") }
        return [("inode", String(id.ino)), ("netns", name ?? "")]
    }
}
