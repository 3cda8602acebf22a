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
        /// The `/events` body: churn counters and recent events as JSON.
        public var events: PreparedBody
        /// The sample itself, for probe targets named by inode.
        public var snapshot: Snapshot?
        /// Which sample this is (ETags name it).
        public var sample: Int

        public init(
            metrics: @escaping @Sendable () -> [ByteBuffer], openMetrics: @escaping @Sendable () -> [ByteBuffer],
            document: SnapshotDocument?, events: String, snapshot: Snapshot?, sample: Int
        ) {
            let etag = "\"s\(sample)\""
            self.metrics = PreparedBody(etag: etag, chunks: metrics)
            self.openMetrics = PreparedBody(etag: etag, chunks: openMetrics)
            self.snapshotJSON = PreparedBody(etag: etag) { document?.json() ?? "{}\n" }
            self.document = document
            self.events = PreparedBody(events, etag: etag)
            self.snapshot = snapshot
            self.sample = sample
        }

        /// Fixed bodies: what is served before the first sample.
        public init(metrics: String) {
            let bytes = [ByteBuffer(string: metrics)]
            self.init(metrics: { bytes }, openMetrics: { [ByteBuffer(string: "# EOF\n")] }, document: nil,
                      events: "{\"counters\":{},\"events\":[]}\n", snapshot: nil, sample: 0)
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
