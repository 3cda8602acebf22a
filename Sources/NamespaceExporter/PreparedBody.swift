import NIOCore
import Synchronization

/// A response body for one sample, with an ETag. Made at most once per
/// sample: eagerly (the `/metrics` text), or the first time a client asks
/// (the JSON snapshot, and every gzip form), then kept for the rest of the
/// sample, so no request redoes what another already did.
public final class PreparedBody: Sendable {
    /// Names this sample's bytes: `"s<sample>"` (`-gz` for the gzip form).
    public let etag: String
    private let make: @Sendable () -> String
    private let made = Mutex<(plain: ByteBuffer?, gzip: ByteBuffer?)>((nil, nil))

    public convenience init(_ text: String, sample: Int) {
        self.init(text, etag: "\"s\(sample)\"")
    }

    public convenience init(_ text: String, etag: String) {
        self.init(etag: etag, make: { text })
        made.withLock { $0.plain = ByteBuffer(string: text) }
    }

    /// A body made by `make` on first use.
    public init(etag: String, make: @escaping @Sendable () -> String) {
        self.etag = etag
        self.make = make
    }

    public var gzipETag: String { String(etag.dropLast()) + "-gz\"" }

    public var plain: ByteBuffer {
        made.withLock { made in
            if let plain = made.plain { return plain }
            let plain = ByteBuffer(string: make())
            made.plain = plain
            return plain
        }
    }

    public var gzip: ByteBuffer {
        let source = plain
        return made.withLock { made in
            if let gzip = made.gzip { return gzip }
            let gzip = source.withUnsafeReadableBytes { ByteBuffer(bytes: Gzip.compress($0)) }
            made.gzip = gzip
            return gzip
        }
    }
}
