#if canImport(Glibc)
import Glibc
#endif

/// `host:port` with an IP literal (`10.0.0.1:80`, `[::1]:9100`) as the bytes
/// of a `sockaddr_in`/`sockaddr_in6`. No names: a probe resolves nothing.
public struct SocketAddress: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]
    public let description: String

    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]), port > 0 else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        var v4 = sockaddr_in()
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            bytes = withUnsafeBytes(of: v4) { Array($0) }
        } else if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            bytes = withUnsafeBytes(of: v6) { Array($0) }
        } else {
            return nil
        }
        description = text
    }
}
