import NamespaceKit

/// `GET /events`: the churn counters and the recent churn events, oldest
/// first, as JSON. The counters let a reader (the page at `/ui`) compute
/// rates that stay right when more events came than the recent list holds.
public enum EventsDocument {
    /// `counters`: nil where there are none to give (`list --watch --json`).
    public static func json(_ events: [ChurnEvent], counters: ChurnCounters? = nil) -> String {
        var out = JSONWriter(reservingCapacity: 512 + events.count * 120)
        out.object { out in
            if let counters {
                out.key("counters")
                out.object { writeCounters(counters, into: &$0) }
            }
            out.key("events")
            out.array { out in
                for event in events { write(event, into: &out) }
            }
        }
        return out.text + "\n"
    }

    /// `created_total`, `destroyed_total`, `joins_total`, `leaves_total`, each per type.
    static func writeCounters(_ counters: ChurnCounters, into out: inout JSONWriter) {
        for (name, values) in [
            ("created_total", counters.created), ("destroyed_total", counters.destroyed),
            ("joins_total", counters.joins), ("leaves_total", counters.leaves),
        ] {
            out.key(name)
            out.object { out in
                for type in NamespaceType.allCases { out.field(type.rawValue, values[type] ?? 0) }
            }
        }
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
