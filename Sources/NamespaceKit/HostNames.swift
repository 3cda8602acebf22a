#if canImport(Glibc)
import Glibc
#endif

/// The calling process's `uname(2)`: its UTS namespace's hostname, and the kernel release.
public struct HostNames: Sendable, Equatable {
    public var hostname: String
    public var kernel: String

    /// Empty names if `uname` fails (it does not on Linux).
    public static func current() -> HostNames {
        var names = utsname()
        guard uname(&names) == 0 else { return HostNames(hostname: "", kernel: "") }
        return HostNames(hostname: cString(of: names.nodename), kernel: cString(of: names.release))
    }
}

/// A fixed-size C char array (a struct field imported as a tuple) as a String, up to its NUL.
public func cString<T>(of field: T) -> String {
    withUnsafeBytes(of: field) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
}
