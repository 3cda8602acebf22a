/// A `--web.listen-address` value: `host:port`, `:port` (all interfaces) or `[v6]:port`.
public struct ListenAddress: Equatable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public struct ParseError: Error, CustomStringConvertible {
        public var text: String
        public var description: String { "invalid listen address \"\(text)\": want host:port, :port or [ipv6]:port with a port from 0 to 65535" }
    }

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init(parsing text: String) throws(ParseError) {
        guard let colon = text.lastIndex(of: ":"),
              let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port)
        else { throw ParseError(text: text) }
        var host = String(text[..<colon])
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), host.count > 2 else { throw ParseError(text: text) }
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            throw ParseError(text: text)  // a bare IPv6 address needs brackets
        }
        self.init(host: host.isEmpty ? "0.0.0.0" : host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
