/// Paths to the committed test trees, found from this file's location so
/// tests run from any working directory.
public enum Fixtures {
    /// The package root (two levels above Sources/NamespaceTestSupport).
    public static let packageRoot: String = {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    public static func path(_ relative: String) -> String { "\(packageRoot)/\(relative)" }

    /// A fake /proc: ns links as symlinks, one empty pid directory (a vanished process).
    public static var procBasic: String { path("Tests/Fixtures/proc-basic") }

    /// A netns directory holding one plain file: a stale entry.
    public static var netnsBasic: String { path("Tests/Fixtures/netns-basic") }
}
