#if canImport(Glibc)
import Glibc
#endif

public enum Binaries {
    /// The built `namespace_exporter`: `$NAMESPACE_EXPORTER_BIN`, else beside
    /// the test runner in the build folder (`swift test` builds it there).
    public static var namespaceExporter: String {
        if let override = getenv("NAMESPACE_EXPORTER_BIN") { return String(cString: override) }
        var parts = CommandLine.arguments[0].split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast()
        return (parts + ["namespace_exporter"]).joined(separator: "/")
    }
}
