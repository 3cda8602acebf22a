import FoundationEssentials
import NamespaceKit

/// `GET /events`: the recent churn events, oldest first, as JSON.
public enum EventsDocument {
    struct Entry: Encodable {
        var time: Double
        var kind: String
        var type: String
        var inode: UInt64
        var pid: Int32?
        var comm: String?
        var lifetime_seconds: Double?
    }

    struct Document: Encodable {
        var events: [Entry]
    }

    public static func json(_ events: [ChurnEvent]) -> String {
        let document = Document(events: events.map {
            Entry(time: $0.time, kind: $0.kind.rawValue, type: $0.namespace.type.rawValue, inode: $0.namespace.ino,
                  pid: $0.pid, comm: $0.comm, lifetime_seconds: $0.lifetime)
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Plain strings and numbers (all finite) always encode.
        let data = (try? encoder.encode(document)) ?? Data("{\"events\":[]}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
