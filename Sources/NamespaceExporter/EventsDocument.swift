import NamespaceKit

/// `GET /events`: the recent churn events, oldest first, as JSON.
public enum EventsDocument {
    public static func json(_ events: [ChurnEvent]) -> String {
        var out = JSONWriter(reservingCapacity: 64 + events.count * 120)
        out.object { out in
            out.key("events")
            out.array { out in
                for event in events { write(event, into: &out) }
            }
        }
        return out.text + "\n"
    }

    /// One event: `time`, `kind`, `type`, `inode`, and `pid`, `comm`, `lifetime_seconds` when known.
    static func write(_ event: ChurnEvent, into out: inout JSONWriter) {
        out.object { out in
            out.field("time", event.time)
            out.field("kind", event.kind.rawValue)
            out.field("type", event.namespace.type.rawValue)
            out.field("inode", event.namespace.ino)
            out.field("pid", event.pid)
            out.field("comm", event.comm)
            out.field("lifetime_seconds", event.lifetime)
        }
    }
}
