import NIOCore
import Synchronization

/// A response body for one sample, with an ETag. Made at most once per
/// sample: eagerly (the `/metrics` text), or the first time a client asks
/// (the JSON snapshot, and every gzip form), then kept for the rest of the
/// sample, so no request redoes what another already did. What clients
/// asked for in one sample is made ahead for the next (`warm(like:)`).
public final class PreparedBody: Sendable {
    /// Names this sample's bytes: `"s<sample>"` (`-gz` for the gzip form).
    public let etag: String
    private let make: @Sendable () -> String
    private let made = Mutex(Made())

    private struct Made {
        var plain: ByteBuffer?
        var gzip: ByteBuffer?
        var plainAsked = false
        var gzipAsked = false
    }

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

    public var plain: ByteBuffer { makePlain(asked: true) }

    public var gzip: ByteBuffer { makeGzip(asked: true) }

    /// Makes now (blocking: call off the event loops) the forms `previous`
    /// was asked for, so this sample's first request does not wait for them.
    public func warm(like previous: PreparedBody) {
        let asked = previous.made.withLock { ($0.plainAsked, $0.gzipAsked) }
        if asked.1 { _ = makeGzip(asked: false) } else if asked.0 { _ = makePlain(asked: false) }
    }

    private func makePlain(asked: Bool) -> ByteBuffer {
        made.withLock { made in
            if asked { made.plainAsked = true }
            if let plain = made.plain { return plain }
            let plain = ByteBuffer(string: make())
            made.plain = plain
            return plain
        }
    }

    private func makeGzip(asked: Bool) -> ByteBuffer {
        let source = makePlain(asked: false)
        return made.withLock { made in
            if asked { made.gzipAsked = true }
            if let gzip = made.gzip { return gzip }
            let gzip = source.withUnsafeReadableBytes { ByteBuffer(bytes: Gzip.compress($0)) }
            made.gzip = gzip
            return gzip
        }
    }
}
