import NIOCore
import Synchronization

/// A response body for one sample, with an ETag. Made at most once per
/// sample: when published (`warm(like:)` makes ahead what clients asked for
/// in the sample before; nothing else, since a JSON snapshot of 8,000
/// namespaces costs more than the publication) or the first time a client
/// asks, then kept for the rest of the sample, so no request redoes what
/// another already did.
///
/// The plain form is a list of chunks, so that a body can share its largest
/// part with the other bodies of the sample instead of copying it. Once the
/// gzip form is made, the plain one is kept only if clients ask for it too:
/// most scrapers take only gzip.
public final class PreparedBody: Sendable {
    /// Names this sample's bytes: `"s<sample>"` (`-gz` for the gzip form).
    public let etag: String
    private let make: @Sendable () -> [ByteBuffer]
    private let made = Mutex(Made())

    private struct Made {
        var plain: [ByteBuffer]?
        var gzip: ByteBuffer?
        var plainAsked = false
        var gzipAsked = false
    }

    public convenience init(_ text: String, sample: Int) {
        self.init(text, etag: "\"s\(sample)\"")
    }

    public convenience init(_ text: String, etag: String) {
        let bytes = [ByteBuffer(string: text)]
        self.init(etag: etag, chunks: { bytes })
        made.withLock { $0.plain = bytes }
    }

    /// A body made by `make` on first use.
    public convenience init(etag: String, make: @escaping @Sendable () -> String) {
        self.init(etag: etag, chunks: { [ByteBuffer(string: make())] })
    }

    /// A body made of the chunks `make` returns, on first use.
    public init(etag: String, chunks make: @escaping @Sendable () -> [ByteBuffer]) {
        self.etag = etag
        self.make = make
    }

    public var gzipETag: String { String(etag.dropLast()) + "-gz\"" }

    public var plain: [ByteBuffer] { makePlain(asked: true) }

    public var gzip: ByteBuffer { makeGzip(asked: true, keepPlain: false) }

    /// Bytes of the forms held now (what the tests check is let go).
    public var heldBytes: Int {
        made.withLock { made in
            (made.plain?.reduce(0) { $0 + $1.readableBytes } ?? 0) + (made.gzip?.readableBytes ?? 0)
        }
    }

    /// Makes now (blocking: call off the event loops) the forms `previous`
    /// was asked for, so this sample's first request does not wait for them;
    /// `plainUnasked`: make the plain form even if nobody asked (the
    /// `/metrics` text, ready for the first scrape).
    public func warm(like previous: PreparedBody, plainUnasked: Bool = false) {
        let asked = previous.made.withLock { ($0.plainAsked, $0.gzipAsked) }
        if asked.1 {
            _ = makeGzip(asked: false, keepPlain: asked.0 || plainUnasked)
        } else if asked.0 || plainUnasked {
            _ = makePlain(asked: false)
        }
    }

    private func makePlain(asked: Bool) -> [ByteBuffer] {
        made.withLock { made in
            if asked { made.plainAsked = true }
            if let plain = made.plain { return plain }
            let plain = make()
            made.plain = plain
            return plain
        }
    }

    private func makeGzip(asked: Bool, keepPlain: Bool) -> ByteBuffer {
        made.withLock { made in
            if asked { made.gzipAsked = true }
            if let gzip = made.gzip { return gzip }
            let gzip = Gzip.compress(made.plain ?? make())
            made.gzip = gzip
            if !keepPlain && !made.plainAsked { made.plain = nil }
            return gzip
        }
    }
}
