import NIOCore
import NamespaceKit
import Synchronization

/// The one owner of what the HTTP handlers hand out: bytes prepared once per
/// sample. Handlers only read; the sampler service is the only writer.
public final class ExporterState: Sendable {
    public struct Published: Sendable {
        /// The `/metrics` body in text format 0.0.4.
        public var metrics: ByteBuffer
        /// The `/events` body: recent churn events as JSON.
        public var events: ByteBuffer
        /// The sample itself, for probe targets named by inode.
        public var snapshot: Snapshot?

        public init(
            metrics: ByteBuffer, events: ByteBuffer = ByteBuffer(string: "{\"events\":[]}\n"),
            snapshot: Snapshot? = nil
        ) {
            self.metrics = metrics
            self.events = events
            self.snapshot = snapshot
        }
    }

    private let current: Mutex<Published>

    public init() {
        current = Mutex(Published(metrics: ByteBuffer()))
    }

    public var published: Published {
        current.withLock { $0 }
    }

    public func publish(_ published: Published) {
        current.withLock { $0 = published }
    }
}
