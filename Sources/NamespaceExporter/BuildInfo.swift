/// What `namespace_exporter_build_info` and `--version` report.
public enum BuildInfo {
    public static let version = "0.1.0"

    /// The compiler this binary was built with (major.minor).
    public static let swiftVersion: String = {
        #if compiler(>=6.5)
        "6.5+"
        #elseif compiler(>=6.4)
        "6.4"
        #elseif compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #else
        "6.x"
        #endif
    }()
}
