import FoundationEssentials
import NamespaceKit

/// `GET /events`: the recent churn events, oldest first, as JSON.
public enum EventsDocument {
    struct Entry: Encodable, Sendable {
        var time: Double
        var kind: String
        var type: String
        var inode: UInt64
        var pid: Int32?
        var comm: String?
        var lifetime_seconds: Double?

        init(_ event: ChurnEvent) {
            time = event.time
            kind = event.kind.rawValue
            type = event.namespace.type.rawValue
            inode = event.namespace.ino
            pid = event.pid
            comm = event.comm
            lifetime_seconds = event.lifetime
        }
    }

    struct Document: Encodable {
        var events: [Entry]
    }

    public static func json(_ events: [ChurnEvent]) -> String {
        let document = Document(events: events.map(Entry.init))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Plain strings and numbers (all finite) always encode.
        let data = (try? encoder.encode(document)) ?? Data("{\"events\":[]}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
