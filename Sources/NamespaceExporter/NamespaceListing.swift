import FoundationEssentials
import NamespaceKit

/// `namespace_exporter list`: the namespaces of one snapshot as an
/// lsns-style table or as JSON.
public enum NamespaceListing {
    static let headers = ["TYPE", "INODE", "NPROCS", "PID", "COMMAND", "OWNER", "PARENT"]

    public static func table(_ snapshot: Snapshot) -> String {
        let rows = [headers] + snapshot.namespaces.map { namespace in
            [
                namespace.type.rawValue, String(namespace.id.ino), String(namespace.processCount),
                namespace.leader.map { String($0.pid) } ?? "-", namespace.leader?.comm ?? "-",
                namespace.owner.id.map { String($0.ino) } ?? "-",
                namespace.parent?.id.map { String($0.ino) } ?? "-",
            ]
        }
        let widths = headers.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.indices.map { column in
                let cell = row[column]
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                // Numbers right-aligned, words left-aligned, as lsns prints them.
                return [1, 2, 3].contains(column) ? padding + cell : cell + padding
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
                creator_uid: namespace.creatorUID)
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
