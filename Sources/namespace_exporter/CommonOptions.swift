import ArgumentParser
import Logging
import NamespaceKit

/// Flags every subcommand shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("path.procfs"), help: "procfs mountpoint.")
    var procfs = "/proc"

    @Option(name: .customLong("log.level"), help: "Only log messages with the given severity or above: debug, info, warn, error.")
    var logLevel = "info"

    func validate() throws {
        guard Self.levels[logLevel] != nil else {
            throw ValidationError("invalid --log.level \"\(logLevel)\": want debug, info, warn or error")
        }
    }

    var sampler: Sampler { Sampler(procfs: ProcFS(root: procfs)) }

    /// A logger writing to stderr at the chosen level.
    func makeLogger(label: String = "namespace_exporter") -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Self.levels[logLevel] ?? .info
        return logger
    }

    private static let levels: [String: Logger.Level] = [
        "debug": .debug, "info": .info, "warn": .warning, "error": .error,
    ]
}
