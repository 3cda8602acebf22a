#if canImport(Glibc)
import Glibc
#endif

public enum TemporaryDirectory {
    /// A new directory `/tmp/<prefix>-XXXXXX` (mode 0700); the caller removes it.
    public static func make(_ prefix: String) -> String? {
        guard let template = strdup("/tmp/\(prefix)-XXXXXX") else { return nil }
        defer { free(template) }
        return mkdtemp(template).map { String(cString: $0) }
    }
}
