import FoundationEssentials
import NamespaceKit
#if canImport(Glibc)
import Glibc
#endif

/// `GET /snapshot.json` and `namespace_exporter snapshot`: one sample, whole.
/// Its shape is `docs/snapshot.schema.json`; `schema_version` changes when a
/// field is removed or changes meaning (adding one does not).
public struct SnapshotDocument: Encodable, Sendable {
    public static let schemaVersion = 1

    var schema_version = Self.schemaVersion
    var exporter: Exporter
    var host: Host
    var sample: Sample
    var limits: [String: Int]
    var counters: Counters
    var namespaces: [Entry]
    var events: [EventsDocument.Entry]

    struct Exporter: Encodable, Sendable {
        var version: String
        var swift_version: String
    }

    struct Host: Encodable, Sendable {
        var hostname: String
        var kernel: String
    }

    struct Sample: Encodable, Sendable {
        var timestamp: Double
        var duration_seconds: Double
        var processes_scanned: Int
        var processes_unreadable: Int
        var processes_vanished: Int
    }

    struct Counters: Encodable, Sendable {
        var samples_total: Int
        var sample_errors_total: Int
        var created_total: [String: Int]
        var destroyed_total: [String: Int]
        var joins_total: [String: Int]
        var leaves_total: [String: Int]
    }

    struct Entry: Encodable, Sendable {
        var type: String
        var inode: UInt64
        var dev: UInt64
        var processes: Int
        var threads: Int?
        var members: [Member]
        var holders: [String: Int]
        var mount_points: [String]
        var owner_inode: UInt64?
        var parent_inode: UInt64?
        var leader: Member?
        var creator_uid: UInt32?
        var container: Container?
        var first_seen: Double?
    }

    struct Member: Encodable, Sendable {
        var pid: Int32
        var comm: String?
        var starttime: UInt64?
    }

    struct Container: Encodable, Sendable {
        var runtime: String?
        var container_id: String?
        var pod_uid: String?
        var unit: String?
    }

    public init(snapshot: Snapshot, counters: ExporterCounters, churn: ChurnView) {
        exporter = Exporter(version: BuildInfo.version, swift_version: BuildInfo.swiftVersion)
        host = Self.host()
        sample = Sample(
            timestamp: snapshot.timestamp, duration_seconds: snapshot.duration,
            processes_scanned: snapshot.processCounts.scanned, processes_unreadable: snapshot.processCounts.unreadable,
            processes_vanished: snapshot.processCounts.vanished)
        limits = Dictionary(uniqueKeysWithValues: snapshot.limits.map { ($0.key.rawValue, $0.value) })
        let byType = { (values: [NamespaceType: Int]) in
            Dictionary(uniqueKeysWithValues: NamespaceType.allCases.map { ($0.rawValue, values[$0] ?? 0) })
        }
        self.counters = Counters(
            samples_total: counters.samples, sample_errors_total: counters.sampleErrors,
            created_total: byType(churn.counters.created), destroyed_total: byType(churn.counters.destroyed),
            joins_total: byType(churn.counters.joins), leaves_total: byType(churn.counters.leaves))
        let members = Self.members(snapshot.processes)
        namespaces = snapshot.namespaces.map { namespace in
            let key = NamespaceKey(type: namespace.type, ino: namespace.id.ino)
            return Entry(
                type: namespace.type.rawValue, inode: namespace.id.ino, dev: namespace.id.dev,
                processes: namespace.processCount, threads: namespace.threadCount, members: members[key] ?? [],
                holders: Dictionary(uniqueKeysWithValues: namespace.holders.map { ($0.key.rawValue, $0.value) }),
                mount_points: namespace.mountPoints, owner_inode: namespace.owner.id?.ino, parent_inode: namespace.parent?.id?.ino,
                leader: namespace.leader.map { Member(pid: $0.pid, comm: $0.comm) }, creator_uid: namespace.creatorUID,
                container: namespace.container.map {
                    Container(runtime: $0.runtime, container_id: $0.containerID, pod_uid: $0.podUID, unit: $0.unit)
                },
                first_seen: churn.firstSeen[key])
        }
        events = churn.recent.map(EventsDocument.Entry.init)
    }

    /// The member processes of every namespace (their `ns/<type>` links), in pid order.
    private static func members(_ processes: [ProcessRecord]) -> [NamespaceKey: [Member]] {
        var members: [NamespaceKey: [Member]] = [:]
        for process in processes {
            let member = Member(pid: process.pid, comm: process.comm, starttime: process.startTime)
            for type in NamespaceType.allCases {
                guard let inode = process.links[member: type] else { continue }
                members[NamespaceKey(type: type, ino: inode), default: []].append(member)
            }
        }
        return members
    }

    private static func host() -> Host {
        var names = utsname()
        guard uname(&names) == 0 else { return Host(hostname: "", kernel: "") }
        let text = { (field: Any) in
            withUnsafeBytes(of: field) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        }
        return Host(hostname: text(names.nodename), kernel: text(names.release))
    }

    /// The document with only the namespaces (and events) `filter` keeps.
    public func filtered(_ filter: SnapshotFilter) -> SnapshotDocument {
        var copy = self
        copy.namespaces = namespaces.filter(filter.keeps)
        let kept = Set(copy.namespaces.map { NamespaceKey(type: NamespaceType(rawValue: $0.type)!, ino: $0.inode) })
        copy.events = events.filter { event in
            let key = NamespaceKey(type: NamespaceType(rawValue: event.type)!, ino: event.inode)
            return filter.container == nil ? filter.keeps(type: event.type, inode: event.inode) : kept.contains(key)
        }
        return copy
    }

    /// JSON, keys sorted (the same sample always gives the same bytes).
    public func json(pretty: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        // Strings and finite numbers always encode.
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
