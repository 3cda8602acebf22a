import CCrypt
#if canImport(Glibc)
import Glibc
#endif

/// bcrypt password hashes, as exporter-toolkit's `basic_auth_users` holds
/// them, checked with libxcrypt (the system's maintained crypt library):
/// no bcrypt implementation of our own.
public struct PasswordHash: Sendable, Equatable {
    public let text: String

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// `$2a$`, `$2b$` or `$2y$`, a two-digit cost, 53 characters of salt and hash.
    public init(_ text: String) throws(Invalid) {
        let bytes = Array(text.utf8)
        let prefixes = ["$2a$", "$2b$", "$2y$"]
        guard bytes.count == 60, prefixes.contains(where: text.hasPrefix),
              let cost = Int(String(decoding: bytes[4..<6], as: UTF8.self)), (4...31).contains(cost), bytes[6] == UInt8(ascii: "$")
        else {
            throw Invalid(description: "not a bcrypt hash (want $2y$10$… as made by `namespace_exporter hash-password` or `htpasswd -nBC 10 \"\"`); plaintext passwords are refused")
        }
        self.text = text
    }

    /// Hashed against for unknown users (cost 10, as a real user's would be).
    static let decoy = try! PasswordHash("$2b$10$aLeBkMry.RzP4aMhhe6VIuYkKJrnR3OVCpITcGHNHNMqS0JgPRXWW")

    /// Whether `password` hashes to this; compares in constant time.
    public func matches(_ password: String) -> Bool {
        guard let computed = Self.crypt(password, setting: text) else { return false }
        let (a, b) = (Array(computed.utf8), Array(text.utf8))
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A new hash of `password` with a random salt, for `hash-password`.
    public static func make(_ password: String, cost: Int = 10) -> PasswordHash? {
        let data = UnsafeMutablePointer<crypt_data>.allocate(capacity: 1)
        defer { data.deallocate() }
        memset(data, 0, MemoryLayout<crypt_data>.size)
        let setting = withUnsafeMutableBytes(of: &data.pointee.setting) { buffer in
            crypt_gensalt_rn("$2b$", UInt(cost), nil, 0, buffer.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(buffer.count))
        }
        guard let setting, let hash = crypt(password, setting: String(cString: setting)) else { return nil }
        return try? PasswordHash(hash)
    }

    private static func crypt(_ password: String, setting: String) -> String? {
        let data = UnsafeMutablePointer<crypt_data>.allocate(capacity: 1)
        defer { data.deallocate() }
        memset(data, 0, MemoryLayout<crypt_data>.size)
        guard let result = crypt_rn(password, setting, data, Int32(MemoryLayout<crypt_data>.size)) else { return nil }
        let text = String(cString: result)
        return text.hasPrefix("*") ? nil : text  // "*0"/"*1": libxcrypt's failure tokens
    }
}
