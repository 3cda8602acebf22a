import ArgumentParser
import NamespaceExporter
import NamespaceKit

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Print every namespace once, like lsns: TYPE, INODE, NPROCS, PID, COMMAND, OWNER, PARENT."
    )

    @OptionGroup var common: CommonOptions

    @Flag(name: .customLong("json"), help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let snapshot: Snapshot
        do {
            snapshot = try common.sampler.sample()
        } catch {
            throw CommandFailure(error)
        }
        print(json ? NamespaceListing.json(snapshot) : NamespaceListing.table(snapshot), terminator: "")
    }
}
