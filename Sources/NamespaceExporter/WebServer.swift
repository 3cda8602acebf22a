import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL

/// How the HTTP server is built: TLS from the web config, and the limits
/// on what a client may send and how long it may take.
public struct WebServer: Sendable {
    /// `--web.max-header-bytes`: request line plus headers.
    public var maxHeadBytes: Int
    /// `--web.idle-timeout`: a connection with no complete request head
    /// this long after it opened or after its last response is closed
    /// (an idle keep-alive, or a client trickling bytes).
    public var idleTimeout: Duration
    public var config: WebConfig

    public init(maxHeadBytes: Int = 65_536, idleTimeout: Duration = .seconds(60), config: WebConfig = WebConfig()) {
        self.maxHeadBytes = maxHeadBytes
        self.idleTimeout = idleTimeout
        self.config = config
    }

    public func builder() throws(ConfigError) -> HTTPServerBuilder {
        let http1 = HTTP1Channel.Configuration(
            idleTimeout: .nanoseconds(Int64(idleTimeout.seconds * 1e9)),
            httpDecoderConfiguration: .init(maxHeaderFieldSize: maxHeadBytes, maxHeaderListSize: maxHeadBytes, maxHeaderFieldCount: 100))
        let limit = maxHeadBytes
        guard let tls = config.tls else {
            return HTTPServerBuilder { responder in
                GuardedHTTPChannel(base: HTTP1Channel(responder: responder, configuration: http1), maxHeadBytes: limit)
            }
        }
        let configuration = try tls.channelConfiguration()
        // Building the TLS context now reports a key that does not match its certificate at start.
        do {
            _ = try NIOSSLContext(configuration: configuration.tlsConfiguration)
        } catch {
            throw ConfigError("tls_server_config: \(error)")
        }
        return HTTPServerBuilder { responder in
            try TLSChannel(
                GuardedHTTPChannel(base: HTTP1Channel(responder: responder, configuration: http1), maxHeadBytes: limit),
                configuration: configuration)
        }
    }
}
