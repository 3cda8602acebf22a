import ArgumentParser
import NamespaceExporter

@main
struct NamespaceExporterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "namespace_exporter",
        abstract: "Prometheus exporter for Linux namespaces.",
        discussion: """
            Finds every namespace on the host from procfs (cgroup, ipc, mnt, net, pid, time, \
            user, uts), who is in it and how it relates to the others, and serves it to \
            Prometheus. Needs root or CAP_SYS_PTRACE to see other users' processes.
            """,
        version: BuildInfo.versionText,
        subcommands: [ServeCommand.self, ListCommand.self, SnapshotCommand.self, ProbeCommand.self, HashPasswordCommand.self, BenchSampleCommand.self, BenchProbeCommand.self],
        defaultSubcommand: ServeCommand.self
    )

    /// ArgumentParser's own entry point, except that `serve` gives up the
    /// capabilities it does not need before the first await: capabilities
    /// belong to threads, and this is the moment the process has only one.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if let serve = command as? ServeCommand {
                try await serve.run(privileges: serve.dropPrivileges())
            } else if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
