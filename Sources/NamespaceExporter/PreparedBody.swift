import NIOCore
import Synchronization

/// A response body prepared once per sample, with an ETag; its gzip form is
/// made the first time a client asks for it and kept for the rest of the
/// sample, so no request compresses what another already did.
public final class PreparedBody: Sendable {
    public let plain: ByteBuffer
    /// Names this sample's bytes: `"s<sample>"` (`-gz` for the gzip form).
    public let etag: String
    private let gzipped = Mutex<ByteBuffer?>(nil)

    public convenience init(_ text: String, sample: Int) {
        self.init(text, etag: "\"s\(sample)\"")
    }

    public init(_ text: String, etag: String) {
        plain = ByteBuffer(string: text)
        self.etag = etag
    }

    public var gzipETag: String { String(etag.dropLast()) + "-gz\"" }

    public var gzip: ByteBuffer {
        gzipped.withLock { cached in
            if let cached { return cached }
            let compressed = plain.withUnsafeReadableBytes { ByteBuffer(bytes: Gzip.compress($0)) }
            cached = compressed
            return compressed
        }
    }
}
