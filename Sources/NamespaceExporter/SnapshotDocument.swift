import NamespaceKit

/// `GET /snapshot.json` and `namespace_exporter snapshot`: one sample, whole.
/// Its shape is `docs/snapshot.schema.json`; `schema_version` changes when a
/// field is removed or changes meaning (adding one does not). Holds the
/// sample; the JSON is written only when asked for.
public struct SnapshotDocument: Sendable {
    public static let schemaVersion = 1

    let snapshot: Snapshot
    let counters: ExporterCounters
    let churn: ChurnView
    let host: HostNames

    public init(snapshot: Snapshot, counters: ExporterCounters, churn: ChurnView) {
        self.snapshot = snapshot
        self.counters = counters
        self.churn = churn
        host = HostNames.current()
    }

    /// The document as JSON, with only what `filter` keeps.
    public func json(filter: SnapshotFilter = SnapshotFilter(), pretty: Bool = false) -> String {
        let namespaces = snapshot.namespaces.filter { filter.keeps($0) }
        let kept = Set(namespaces.map { NamespaceKey(type: $0.type, ino: $0.id.ino) })
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
                for (name, values) in [
                    ("created_total", churn.counters.created), ("destroyed_total", churn.counters.destroyed),
                    ("joins_total", churn.counters.joins), ("leaves_total", churn.counters.leaves),
                ] {
                    out.key(name)
                    out.object { out in
                        for type in NamespaceType.allCases { out.field(type.rawValue, values[type] ?? 0) }
                    }
                }
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
        let key = NamespaceKey(type: namespace.type, ino: namespace.id.ino)
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
            out.field("owner_inode", namespace.owner.id?.ino)
            out.field("parent_inode", namespace.parent?.id?.ino)
            if let leader = namespace.leader {
                out.key("leader")
                out.object { $0.field("pid", leader.pid); $0.field("comm", leader.comm) }
            }
            out.field("creator_uid", namespace.creatorUID)
            if let container = namespace.container {
                out.key("container")
                out.object { out in
                    out.field("runtime", container.runtime)
                    out.field("container_id", container.containerID)
                    out.field("pod_uid", container.podUID)
                    out.field("unit", container.unit)
                }
            }
            out.field("first_seen", churn.firstSeen[key])
        }
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
