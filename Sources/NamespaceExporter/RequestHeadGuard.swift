import HTTPTypes
import HummingbirdCore
import Logging
import NIOCore

/// Bounds what a client may send before the HTTP parser sees it: a request
/// head (request line and headers, up to the blank line) larger than
/// `maxBytes` gets `414` (the request line alone) or `431`, and the
/// connection closes. NIO's parser bounds headers but not the request
/// line; this bounds both, before anything is buffered. Bodies are
/// refused elsewhere, so the bytes of a connection are heads only.
public final class RequestHeadGuard: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    private let maxBytes: Int
    /// Bytes of the head being received, and of its first line so far.
    private var headBytes = 0
    private var lineBytes = 0
    private var inRequestLine = true
    /// The last bytes seen, to find `\r\n\r\n` split across reads.
    private var tail: UInt32 = 0
    private var refused = false

    public init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        let buffer = unwrapInboundIn(data)
        let over = buffer.withUnsafeReadableBytes { bytes -> HTTPResponse.Status? in
            for byte in bytes {
                tail = tail << 8 | UInt32(byte)
                headBytes += 1
                if inRequestLine {
                    if byte == UInt8(ascii: "\n") { inRequestLine = false } else { lineBytes += 1 }
                }
                if tail == 0x0D0A_0D0A {  // \r\n\r\n: the head is complete
                    headBytes = 0
                    lineBytes = 0
                    inRequestLine = true
                } else if headBytes > maxBytes {
                    return inRequestLine || lineBytes > maxBytes ? .uriTooLong : .requestHeaderFieldsTooLarge
                }
            }
            return nil
        }
        guard let over else {
            context.fireChannelRead(data)
            return
        }
        refused = true
        let text = "\(over.code) \(over.reasonPhrase): a request head may have at most \(maxBytes) bytes (--web.max-header-bytes)\n"
        let response = "HTTP/1.1 \(over.code) \(over.reasonPhrase)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: \(text.utf8.count)\r\nConnection: close\r\n\r\n\(text)"
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: response))).whenComplete { _ in
            bound.value.close(promise: nil)
        }
    }
}

/// A child channel that puts a `RequestHeadGuard` in front of the HTTP
/// parser of its base channel (below TLS, when TLS wraps it).
struct GuardedHTTPChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let maxHeadBytes: Int

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(RequestHeadGuard(maxBytes: maxHeadBytes))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
