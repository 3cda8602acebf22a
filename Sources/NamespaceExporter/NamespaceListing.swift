import FoundationEssentials
import NamespaceKit

/// `namespace_exporter list`: the namespaces of one snapshot as an
/// lsns-style table or as JSON.
public enum NamespaceListing {
    static let headers = ["TYPE", "INODE", "NPROCS", "PID", "COMMAND", "OWNER", "PARENT", "HOLDERS", "CONTAINER"]

    public static func table(_ snapshot: Snapshot) -> String {
        let rows = [headers] + snapshot.namespaces.map { namespace in
            [
                namespace.type.rawValue, String(namespace.id.ino), String(namespace.processCount),
                namespace.leader.map { String($0.pid) } ?? "-", namespace.leader?.comm ?? "-",
                namespace.owner.id.map { String($0.ino) } ?? "-",
                namespace.parent?.id.map { String($0.ino) } ?? "-",
                holdersDescription(namespace.holders),
                namespace.container?.shortDescription ?? "-",
            ]
        }
        // Numbers right-aligned, words left-aligned, as lsns prints them.
        return aligned(rows, rightAligned: [1, 2, 3])
    }

    /// Churn events as a table, times in seconds after `since`.
    public static func eventsTable(_ events: [ChurnEvent], since start: Double) -> String {
        let rows = [["TIME", "EVENT", "TYPE", "INODE", "PID", "COMMAND", "LIFETIME"]] + events.map { event in
            [
                "+" + seconds(event.time - start), event.kind.rawValue, event.namespace.type.rawValue,
                String(event.namespace.ino), event.pid.map(String.init) ?? "-", event.comm ?? "-",
                event.lifetime.map { seconds($0) + "s" } ?? "-",
            ]
        }
        return aligned(rows, rightAligned: [0, 3, 4, 6])
    }

    /// `process=3,fd=1`, in the kinds' order.
    public static func holdersDescription(_ holders: [HolderKind: Int]) -> String {
        let parts: [String] = HolderKind.allCases.compactMap { kind in holders[kind].map { "\(kind.rawValue)=\($0)" } }
        return parts.isEmpty ? "-" : parts.joined(separator: ",")
    }

    private static func seconds(_ value: Double) -> String {
        let millis = Int((value * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// Columns padded to their widest cell, joined by one space.
    static func aligned(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        guard let first = rows.first else { return "" }
        let widths = first.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.indices.map { column in
                let cell = row[column]
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: " ").trimmingTrailingSpaces()
        }.joined(separator: "\n") + "\n"
    }

    struct Entry: Codable {
        var type: String
        var inode: UInt64
        var dev: UInt64
        var nprocs: Int
        var pid: Int32?
        var command: String?
        var owner_inode: UInt64?
        var parent_inode: UInt64?
        var creator_uid: UInt32?
        var runtime: String?
        var container_id: String?
        var pod_uid: String?
        var unit: String?
        var holders: [String: Int]
        var mount_points: [String]
    }

    struct Document: Codable {
        var namespaces: [Entry]
    }

    public static func json(_ snapshot: Snapshot) -> String {
        let document = Document(namespaces: snapshot.namespaces.map { namespace in
            Entry(
                type: namespace.type.rawValue, inode: namespace.id.ino, dev: namespace.id.dev,
                nprocs: namespace.processCount, pid: namespace.leader?.pid, command: namespace.leader?.comm,
                owner_inode: namespace.owner.id?.ino, parent_inode: namespace.parent?.id?.ino,
                creator_uid: namespace.creatorUID, runtime: namespace.container?.runtime,
                container_id: namespace.container?.containerID, pod_uid: namespace.container?.podUID,
                unit: namespace.container?.unit,
                holders: Dictionary(uniqueKeysWithValues: namespace.holders.map { ($0.key.rawValue, $0.value) }),
                mount_points: namespace.mountPoints)
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Encoding plain structs of strings and numbers cannot fail.
        let data = (try? encoder.encode(document)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}

extension ContainerAttribution {
    /// `runtime:id` (12 digits of it, as `docker ps` shows), or the unit.
    var shortDescription: String {
        if let containerID { return "\(runtime ?? "container"):\(containerID.prefix(12))" }
        return unit ?? "-"
    }
}
