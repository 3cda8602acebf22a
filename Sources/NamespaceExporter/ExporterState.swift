import NIOCore
import NamespaceKit
import Synchronization

/// The one owner of what the HTTP handlers hand out: bytes prepared once per
/// sample. Handlers only read; the sampler service is the only writer.
public final class ExporterState: Sendable {
    public struct Published: Sendable {
        /// `/metrics` in text format 0.0.4.
        public var metrics: PreparedBody
        /// `/metrics` in OpenMetrics 1.0, rendered when a client first asks for it.
        public var openMetrics: PreparedBody
        /// `/snapshot.json` (written on first request), and its document (for filtered requests).
        public var snapshotJSON: PreparedBody
        public var document: SnapshotDocument?
        /// The `/events` body: recent churn events as JSON.
        public var events: ByteBuffer
        /// The sample itself, for probe targets named by inode.
        public var snapshot: Snapshot?
        /// Which sample this is (ETags name it).
        public var sample: Int

        public init(
            metrics: String, openMetrics: @escaping @Sendable () -> String = { "# EOF\n" }, document: SnapshotDocument? = nil,
            events: String = "{\"events\":[]}\n", snapshot: Snapshot? = nil, sample: Int = 0
        ) {
            self.metrics = PreparedBody(metrics, sample: sample)
            self.openMetrics = PreparedBody(etag: "\"s\(sample)\"", make: openMetrics)
            self.snapshotJSON = PreparedBody(etag: "\"s\(sample)\"") { document?.json() ?? "{}\n" }
            self.document = document
            self.events = ByteBuffer(string: events)
            self.snapshot = snapshot
            self.sample = sample
        }
    }

    private let current: Mutex<Published>
    /// When `/metrics` was asked for: the one thing handlers write.
    public let scrapes = ScrapeActivity()

    public init() {
        current = Mutex(Published(metrics: ""))
    }

    public var published: Published {
        current.withLock { $0 }
    }

    public func publish(_ published: Published) {
        current.withLock { $0 = published }
    }
}
