import NamespaceKit

/// `GET /snapshot.json` and `namespace_exporter snapshot`: one sample, whole.
/// Its shape is `docs/snapshot.schema.json`; `schema_version` changes when a
/// field is removed or changes meaning (adding one does not). Holds the
/// sample; the JSON is written only when asked for.
public struct SnapshotDocument: Sendable {
    public static let schemaVersion = 2

    let snapshot: Snapshot
    let counters: ExporterCounters
    let churn: ChurnView
    let host: HostNames
    /// The probe modules `/probe` runs (none when probing is off).
    let probeModules: [String]

    public init(snapshot: Snapshot, counters: ExporterCounters, churn: ChurnView, probeModules: [String] = []) {
        self.snapshot = snapshot
        self.counters = counters
        self.churn = churn
        self.probeModules = probeModules
        host = HostNames.current()
    }

    /// The document as JSON, with only what `filter` keeps.
    public func json(filter: SnapshotFilter = SnapshotFilter(), pretty: Bool = false) -> String {
        let namespaces = snapshot.namespaces.filter { filter.keeps($0, names: snapshot.containerNames) }
        let kept = Set(namespaces.map { $0.key })
        let members = Self.members(snapshot.processes, of: filter.isEmpty ? nil : kept)
        var out = JSONWriter(pretty: pretty, reservingCapacity: 256 + namespaces.count * 120 + snapshot.processes.count * 400)
        out.object { out in
            out.field("schema_version", Self.schemaVersion)
            out.key("exporter")
            out.object { $0.field("version", BuildInfo.version); $0.field("swift_version", BuildInfo.swiftVersion) }
            out.key("host")
            out.object { $0.field("hostname", host.hostname); $0.field("kernel", host.kernel) }
            out.key("sample")
            out.object { out in
                out.field("timestamp", snapshot.timestamp)
                out.field("duration_seconds", snapshot.duration)
                out.field("processes_scanned", snapshot.processCounts.scanned)
                out.field("processes_unreadable", snapshot.processCounts.unreadable)
                out.field("processes_vanished", snapshot.processCounts.vanished)
            }
            out.key("limits")
            out.object { out in
                for type in NamespaceType.allCases { out.field(type.rawValue, snapshot.limits[type]) }
            }
            out.key("counters")
            out.object { out in
                out.field("samples_total", counters.samples)
                out.field("sample_errors_total", counters.sampleErrors)
                EventsDocument.writeCounters(churn.counters, into: &out)
            }
            out.key("owned")
            out.object { out in
                let owned = snapshot.ownedByUID
                for type in NamespaceType.allCases {
                    guard let uids = owned[type] else { continue }
                    out.key(type.rawValue)
                    out.object { out in
                        for (uid, count) in uids.sorted(by: { $0.key < $1.key }) { out.field(String(uid), count) }
                    }
                }
            }
            if let stale = snapshot.staleNetnsEntries {
                out.key("stale_netns_entries")
                out.array { out in
                    for name in stale { out.string(name) }
                }
            }
            out.key("probe_modules")
            out.array { out in
                for name in probeModules { out.string(name) }
            }
            out.key("namespaces")
            out.array { out in
                for namespace in namespaces { write(namespace, members: members, into: &out) }
            }
            out.key("events")
            out.array { out in
                for event in churn.recent {
                    let key = event.namespace
                    let wanted = filter.container == nil ? filter.keeps(type: key.type, inode: key.ino) : kept.contains(key)
                    if wanted { EventsDocument.write(event, into: &out) }
                }
            }
        }
        return out.text + "\n"
    }

    private func write(_ namespace: Namespace, members: [NamespaceKey: [ProcessRecord]], into out: inout JSONWriter) {
        let key = namespace.key
        out.object { out in
            out.field("type", namespace.type.rawValue)
            out.field("inode", namespace.id.ino)
            out.field("dev", namespace.id.dev)
            out.field("processes", namespace.processCount)
            out.field("threads", namespace.threadCount)
            out.key("members")
            out.array { out in
                for process in members[key] ?? [] {
                    out.object { $0.field("pid", process.pid); $0.field("comm", process.comm); $0.field("starttime", process.startTime) }
                }
            }
            out.key("holders")
            out.object { out in
                for (kind, count) in namespace.holders.sorted(by: { $0.key < $1.key }) { out.field(kind.rawValue, count) }
            }
            out.key("mount_points")
            out.array { out in
                for path in namespace.mountPoints { out.string(path) }
            }
            if !namespace.fdOwners.isEmpty {
                out.key("fd_owners")
                out.array { out in
                    for pid in namespace.fdOwners { out.number(pid) }
                }
            }
            out.field("owner_inode", namespace.owner.id?.ino)
            out.field("parent_inode", namespace.parent?.id?.ino)
            if let leader = namespace.leader {
                out.key("leader")
                out.object { $0.field("pid", leader.pid); $0.field("comm", leader.comm) }
            }
            out.field("creator_uid", namespace.creatorUID)
            if !namespace.containers.isEmpty {
                out.key("containers")
                out.array { out in
                    for container in namespace.containers {
                        out.object { out in
                            for (name, value) in container.presentLabels(snapshot.containerNames) { out.field(name, value) }
                        }
                    }
                }
            }
            out.field("unit", namespace.unit)
            out.field("first_seen", churn.firstSeen[key])
            if !namespace.stats.isEmpty {
                out.key("stats")
                out.object { Self.write(namespace.stats, into: &$0) }
            }
        }
    }

    /// What the per-namespace collectors found, as the metrics say it.
    private static func write(_ stats: NamespaceStats, into out: inout JSONWriter) {
        if let interfaces = stats.interfaces {
            out.key("interfaces")
            out.array { out in
                for interface in interfaces {
                    out.object { out in
                        out.field("name", interface.name)
                        out.field("receive_bytes", interface.receiveBytes)
                        out.field("receive_packets", interface.receivePackets)
                        out.field("receive_errors", interface.receiveErrors)
                        out.field("receive_drop", interface.receiveDropped)
                        out.field("transmit_bytes", interface.transmitBytes)
                        out.field("transmit_packets", interface.transmitPackets)
                        out.field("transmit_errors", interface.transmitErrors)
                        out.field("transmit_drop", interface.transmitDropped)
                    }
                }
            }
        }
        if let sockets = stats.sockets {
            out.key("sockets")
            out.array { out in
                for count in sockets {
                    out.object { $0.field("protocol", count.proto); $0.field("state", count.state); $0.field("count", count.value) }
                }
            }
        }
        out.field("conntrack_entries", stats.conntrackEntries)
        out.field("mounts", stats.mounts)
        out.field("nsfs_mounts", stats.nsfsMounts)
        out.field("hostname", stats.hostname)
        out.field("domainname", stats.domainname)
        if let ipc = stats.ipc {
            out.key("ipc")
            out.object { out in
                out.field("message_queues", ipc.messageQueues)
                out.field("semaphore_sets", ipc.semaphoreSets)
                out.field("shared_memory_segments", ipc.sharedMemorySegments)
                out.field("shared_memory_bytes", ipc.sharedMemoryBytes)
            }
        }
        for (name, ranges) in [("uid_map", stats.uidMap), ("gid_map", stats.gidMap)] {
            guard let ranges else { continue }
            out.key(name)
            out.array { out in
                for range in ranges {
                    out.object { $0.field("inside", range.inside); $0.field("outside", range.outside); $0.field("count", range.count) }
                }
            }
        }
        out.field("visible_processes", stats.visibleProcesses)
        out.field("visible_threads", stats.visibleThreads)
    }

    /// The member processes of each namespace (their `ns/<type>` links), in
    /// pid order; only of `wanted` when given.
    private static func members(_ processes: [ProcessRecord], of wanted: Set<NamespaceKey>?) -> [NamespaceKey: [ProcessRecord]] {
        var members: [NamespaceKey: [ProcessRecord]] = [:]
        for process in processes {
            for type in NamespaceType.allCases {
                guard let inode = process.links[member: type] else { continue }
                let key = NamespaceKey(type: type, ino: inode)
                if wanted == nil || wanted!.contains(key) { members[key, default: []].append(process) }
            }
        }
        return members
    }
}
