import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import NamespaceExporter
import NamespaceKit

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Print one sample as JSON, like lsns -J but complete (the same document as GET /snapshot.json).",
        discussion: "Its shape is docs/snapshot.schema.json. Filters as on the endpoint: --type, --container, --inode."
    )

    @OptionGroup var common: CommonOptions

    @Flag(name: .customLong("pretty"), help: "Indent the JSON.")
    var pretty = false

    @Flag(name: .customLong("gzip"), help: "Write it gzip'd.")
    var gzip = false

    @Option(name: .customLong("output"), help: "Write to this file instead of standard output.")
    var output: String?

    @Option(name: .customLong("type"), help: "Only namespaces of this type.")
    var type: String?

    @Option(name: .customLong("container"), help: "Only namespaces of this container (an ID or its prefix), pod UID or unit.")
    var container: String?

    @Option(name: .customLong("inode"), help: "Only the namespace with this inode.")
    var inode: String?

    func run() throws {
        let query = [("type", type), ("container", container), ("inode", inode)].compactMap { name, value in
            value.map { (name: name, value: $0) }
        }
        let filter: SnapshotFilter
        do {
            filter = try SnapshotFilter(query: query)
        } catch {
            throw ValidationError("--\(error.description)")
        }
        let snapshot = try common.sampleNamed()
        var counters = ExporterCounters()
        counters.record(snapshot)
        let document = SnapshotDocument(snapshot: snapshot, counters: counters, churn: ChurnView())
        let text = document.json(filter: filter, pretty: pretty)
        let bytes = gzip ? Gzip.compress(Array(text.utf8)) : Array(text.utf8)
        guard let file = output.map({ fopen($0, "w") }) ?? fdopen(dup(1), "w") else {
            throw CommandFailure(SnapshotWriteError(description: "cannot open \(output ?? "-"): \(String(cString: strerror(errno)))"))
        }
        let written = fwrite(bytes, 1, bytes.count, file)
        fclose(file)
        guard written == bytes.count else {
            throw CommandFailure(SnapshotWriteError(description: "writing \(output ?? "standard output") failed"))
        }
    }
}

private struct SnapshotWriteError: Error, CustomStringConvertible {
    var description: String
}
