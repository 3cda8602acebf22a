import NIOCore
import NamespaceKit
import Synchronization

/// The one owner of what the HTTP handlers hand out: bytes prepared once per
/// sample. Handlers only read; the sampler service is the only writer.
public final class ExporterState: Sendable {
    public struct Published: Sendable {
        /// The `/metrics` body in text format 0.0.4.
        public var metrics: ByteBuffer
        /// The snapshot the body was made from.
        public var snapshot: Snapshot?
    }

    private let current: Mutex<Published>

    public init() {
        current = Mutex(Published(metrics: ByteBuffer(), snapshot: nil))
    }

    public var published: Published {
        current.withLock { $0 }
    }

    public func publish(_ published: Published) {
        current.withLock { $0 = published }
    }
}
