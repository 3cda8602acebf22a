import CBuildStamp

/// What `namespace_exporter_build_info` and `--version` report. The version
/// is the project's; the rest comes from the build (scripts/build-stamp.sh,
/// run by the Makefile), "unknown" when built without it.
public enum BuildInfo {
    public static let version = "0.1.0"
    public static let revision = String(cString: nse_build_revision())
    public static let branch = String(cString: nse_build_branch())
    public static let buildDate = String(cString: nse_build_date())
    public static let buildUser = String(cString: nse_build_user())

    /// The compiler's own version (`swift --version`) when the build stamp
    /// has it, else the language level it was compiled at.
    public static let swiftVersion: String = {
        let stamped = String(cString: nse_build_swift_version())
        if !stamped.isEmpty { return stamped }
        #if compiler(>=6.4)
        return "6.4+"
        #elseif compiler(>=6.3)
        return "6.3"
        #else
        return "6.2"
        #endif
    }()

    /// `--version`, laid out as the Prometheus tools print it.
    public static var versionText: String {
        """
        namespace_exporter, version \(version) (branch: \(branch), revision: \(revision))
          build user:       \(buildUser)
          build date:       \(buildDate)
          swift version:    \(swiftVersion)
          platform:         linux/\(architecture)
        """
    }

    static var architecture: String {
        #if arch(x86_64)
        "amd64"
        #elseif arch(arm64)
        "arm64"
        #else
        "unknown"
        #endif
    }
}
