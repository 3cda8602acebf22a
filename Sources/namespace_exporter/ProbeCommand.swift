import ArgumentParser
import NamespaceExporter
import NamespaceKit
import NamespaceProbe

struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Run one probe module now and print what it found (exit 0 on success, 1 on failure).",
        discussion: """
            Create modules (uts, pid, net, ipc, mnt, user, cgroup, time, all) create new \
            namespaces and check that each isolates; join modules (join_net, join_uts, \
            join_mnt) enter the namespace named by --target. The same as GET /probe.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("module"), help: "The module to run.")
    var module = "all"

    @Option(name: .customLong("target"), help: "For join modules: a pid, a namespace (net:[4026532008]) or a /run/netns path.")
    var target: String?

    @Option(name: .customLong("config.file"), help: "Probe modules in YAML (blackbox_exporter style); built-in modules stay unless replaced.")
    var configFile: String?

    @Flag(name: .customLong("json"), help: "Print JSON.")
    var json = false

    /// For self-tests: run the checks without creating these namespaces, to
    /// show that each check fails when its isolation is absent. Only run it
    /// inside a throwaway namespace: the checks then act on the caller's own.
    @Option(name: .customLong("test.omit-namespace"), help: .hidden)
    var omit: [String] = []

    func validate() throws {
        for name in omit where NamespaceType(rawValue: name) == nil {
            throw ValidationError("--test.omit-namespace: unknown type \(name)")
        }
    }

    func run() async throws {
        let modules: [String: ProbeModule]
        do {
            modules = try configFile.map { path throws(ConfigError) in try ProbeConfigFile.load(path: path) } ?? ProbeModule.defaults
        } catch {
            throw CommandFailure(error)
        }
        guard let chosen = modules[module] else {
            throw ValidationError("unknown module \"\(module)\"; known: \(modules.keys.sorted().joined(separator: ", "))")
        }
        var probeTarget: ProbeTarget?
        if case .join(let settings) = chosen.prober {
            guard let target else { throw ValidationError("module \(module) needs --target") }
            // Inodes are resolved through a sample, as the server does.
            let known = (try? common.sampler.sample()).map { KnownNamespaces($0, procfs: common.procfs) } ?? KnownNamespaces()
            do {
                probeTarget = try ProbeTarget(parsing: target, type: settings.type, known: known, netnsDirectory: common.netns.isEmpty ? nil : common.netns)
            } catch {
                throw CommandFailure(error)
            }
        }
        var probe = Probe(module: chosen, target: probeTarget, timeout: chosen.timeout, capabilities: .effective())
        probe.omitting = Set(omit.compactMap(NamespaceType.init(rawValue:)))
        let result = probe.run()
        print(json ? ProbeReport.json(result) : ProbeReport.text(result), terminator: "")
        if !result.success { throw ExitCode(1) }
    }
}
