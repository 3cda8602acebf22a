import ArgumentParser
import NamespaceExporter
import NamespaceKit

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Print every namespace once, like lsns: TYPE, INODE, NPROCS, PID, COMMAND, OWNER, PARENT.",
        discussion: "With --events, watch for --for and print the churn seen instead: namespaces created and destroyed, processes joining and leaving."
    )

    @OptionGroup var common: CommonOptions

    @Flag(name: .customLong("json"), help: "Print JSON instead of a table.")
    var json = false

    @Flag(name: .customLong("tree"), help: "Print the user and pid namespace hierarchies.")
    var tree = false

    @Flag(name: .customLong("events"), help: "Print churn events seen while watching, instead of the namespaces.")
    var events = false

    @Option(name: .customLong("for"), help: "How long --events watches (e.g. 10s).")
    var watch = "5s"

    func validate() throws {
        do {
            guard try DurationParser.parse(watch) > .zero else { throw ValidationError("--for must be above zero") }
        } catch let error as DurationParser.ParseError {
            throw ValidationError("--for: \(error)")
        }
    }

    func run() async throws {
        let snapshot = try common.sampleNamed()
        if tree {
            print(NamespaceTree.render(snapshot), terminator: "")
            return
        }
        guard events else {
            print(json ? NamespaceListing.json(snapshot) : NamespaceListing.table(snapshot), terminator: "")
            return
        }
        let seen = try await watchChurn(from: snapshot, for: try DurationParser.parse(watch))
        print(json ? EventsDocument.json(seen) : NamespaceListing.eventsTable(seen, since: snapshot.timestamp), terminator: "")
    }

    /// Follows process events (where allowed) for `duration`, then resyncs
    /// with a full scan, as the server does between two samples.
    private func watchChurn(from baseline: Snapshot, for duration: Duration) async throws -> [ChurnEvent] {
        var tracker = ChurnTracker(recentEvents: 1_000_000)
        tracker.apply(baseline)
        let procfs = common.sampler.procfs
        let reader = procfs.showsCallingProcess() ? try? ProcessEventReader(procfs: procfs) : nil
        if let reader {
            let root = try? procfs.open()
            let updates = reader.updates()
            let stopper = Task {
                try? await Task.sleep(for: duration)
                reader.stop()
            }
            for await update in updates { tracker.apply(update, asking: root) }
            _ = await stopper.value
        } else {
            try await Task.sleep(for: duration)
        }
        tracker.apply(try common.sampler.sample(previous: baseline))
        return tracker.recent.events
    }
}
