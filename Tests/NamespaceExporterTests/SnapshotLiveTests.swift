import Foundation
import Glibc
import NamespaceTestSupport
import Testing

/// `/snapshot.json`, its gzip forms, ETags and filters, and `/metrics` in
/// OpenMetrics and gzip: on the real binary, checked by real tools
/// (check-jsonschema, curl, gzip, Python's gzip and OpenMetrics parser).
@Suite(.serialized)
struct SnapshotLiveTests {
    static let schema = Fixtures.path("docs/snapshot.schema.json")

    static func validate(_ json: String) throws -> CommandResult {
        let path = "/tmp/namespace-exporter-snapshot-\(getpid()).json"
        defer { unlink(path) }
        guard TextFile.write(json, to: path) else { throw ChildProcess.SpawnError(description: "cannot write \(path)") }
        return try Command.run(["check-jsonschema", "--schemafile", schema, path])
    }

    static func document(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    static func namespaces(_ json: String) throws -> [[String: Any]] {
        try document(json)["namespaces"] as? [[String: Any]] ?? []
    }

    /// The fixture tree, through the CLI: valid, and it says what the tree holds.
    @Test func fixtureSnapshotMatchesTheSchemaAndTheTree() throws {
        let run = try Command.run([Binaries.namespaceExporter, "snapshot", "--path.procfs=\(Fixtures.procBasic)", "--path.netns=\(Fixtures.netnsBasic)"])
        #expect(run.status == 0)
        let check = try Self.validate(run.output)
        #expect(check.status == 0, "\(check.output)")
        let namespaces = try Self.namespaces(run.output)
        let fdHeld = try #require(namespaces.first { $0["inode"] as? Int == 4_026_532_500 })
        #expect(fdHeld["holders"] as? [String: Int] == ["fd": 1])
        #expect(fdHeld["processes"] as? Int == 0)
        func containers(_ namespace: [String: Any]) -> [[String: String]] { namespace["containers"] as? [[String: String]] ?? [] }
        // The namespaces pid 42 leads, which pid 43 (another Docker container) shares.
        let docker = namespaces.filter { ($0["leader"] as? [String: Any])?["pid"] as? Int == 42 }
        #expect(Set(docker.compactMap { $0["type"] as? String }) == ["ipc", "net", "uts"])
        #expect(docker.allSatisfy { containers($0).count == 2 && containers($0).allSatisfy { $0["runtime"] == "docker" } })
        #expect(try Self.document(run.output)["schema_version"] as? Int == 2)

        // The container filter, by an ID's prefix (as `docker ps` shows it) or
        // by unit: the CLI's --container and the endpoint's ?container= keep
        // exactly the namespaces attributed to it.
        let server = try ExporterServer(["--path.procfs=\(Fixtures.procBasic)", "--path.netns", "", "--no-probes", "--no-events.proc-connector"])
        defer { #expect(server.process.killTree().isEmpty) }
        for container in ["4f1f2cbd", "init.scope"] {
            let expected = Set(namespaces.filter { namespace in
                containers(namespace).contains { $0["container_id"]?.hasPrefix(container) == true }
                    || namespace["unit"] as? String == container
            }.compactMap { $0["inode"] as? Int })
            let cli = try Command.run([Binaries.namespaceExporter, "snapshot", "--container", container, "--path.procfs=\(Fixtures.procBasic)"])
            let served = try server.get("/snapshot.json?container=\(container)").body
            for (source, body) in [("--container", cli.output), ("?container=", served)] {
                let kept = try Self.namespaces(body).compactMap { $0["inode"] as? Int }
                #expect(!kept.isEmpty && kept.count == Set(kept).count && Set(kept) == expected, "\(source)\(container): \(kept) against \(expected)")
            }
        }

        // The CLI's other forms: pretty, gzip'd to a file, filtered.
        let pretty = try Command.run([Binaries.namespaceExporter, "snapshot", "--pretty", "--path.procfs=\(Fixtures.procBasic)"])
        #expect(pretty.output.contains("\n  \"counters\" : {"))
        let file = "/tmp/namespace-exporter-snapshot-\(getpid()).json.gz"
        defer { unlink(file) }
        #expect(try Command.run([Binaries.namespaceExporter, "snapshot", "--gzip", "--output", file, "--type", "net", "--path.procfs=\(Fixtures.procBasic)"]).status == 0)
        #expect(try Command.run(["gzip", "-t", file]).status == 0)
        let net = try Command.run(["gzip", "-dc", file])
        #expect(try Self.namespaces(net.output).allSatisfy { $0["type"] as? String == "net" })
        let bad = try Command.run([Binaries.namespaceExporter, "snapshot", "--inode", "x"])
        #expect(bad.status != 0 && bad.output.contains("inode=x: want a decimal inode number"), "\(bad.output)")
    }

    /// The live host with namespaces the test made: valid, and they are in it with their member.
    @Test func liveSnapshotIsValidGzipsAndFilters() throws {
        let holder = try ChildProcess(["unshare", "--net", "--uts", "--ipc", "sh", "-c", "echo ready && exec sleep 60"])
        defer { #expect(holder.killTree().isEmpty) }
        #expect(holder.readLine() == "ready")
        let net = try #require(ProcReader.namespaceInode(pid: holder.pid, "net"))
        let server = try ExporterServer(["--sample.interval=500ms"])
        defer { #expect(server.process.killTree().isEmpty) }

        let plain = try server.get("/snapshot.json")
        #expect(plain.status == 200)
        #expect(!plain.headers.lowercased().contains("content-encoding"))
        let check = try Self.validate(plain.body)
        #expect(check.status == 0, "\(check.output)")
        let mine = try #require(try Self.namespaces(plain.body).first { $0["inode"] as? UInt64 == net })
        #expect(((mine["members"] as? [[String: Any]]) ?? []).contains { $0["pid"] as? Int32 == holder.pid })

        // gzip: curl --compressed, gzip -t, Python's gzip, and the .gz resource.
        let compressed = try Command.run(["curl", "-sS", "--compressed", "\(server.url)/snapshot.json"])
        #expect(try Self.validate(compressed.output).status == 0)
        let file = "/tmp/namespace-exporter-snapshot-\(getpid()).gz"
        defer { unlink(file) }
        let headers = try Command.run(["curl", "-sS", "-D", "-", "-H", "Accept-Encoding: gzip", "-o", file, "\(server.url)/snapshot.json"])
        #expect(headers.output.lowercased().contains("content-encoding: gzip"))
        #expect(try Command.run(["gzip", "-t", file]).status == 0)
        let python = try Command.run(["python3", "-c", "import gzip, json, sys; print(len(json.loads(gzip.open(sys.argv[1]).read())['namespaces']))", file])
        #expect(python.status == 0 && Int(python.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 0, "\(python.output)")
        let gz = try Command.run(["curl", "-sS", "-D", "-", "-o", file, "\(server.url)/snapshot.json.gz"])
        #expect(gz.output.lowercased().contains("content-type: application/gzip"))
        #expect(try Command.run(["gzip", "-t", file]).status == 0)

        // Filters return only what they name; bad values are 400s with a message.
        let onlyNet = try Self.namespaces(try server.get("/snapshot.json?type=net").body)
        #expect(!onlyNet.isEmpty && onlyNet.allSatisfy { $0["type"] as? String == "net" })
        let one = try Self.namespaces(try server.get("/snapshot.json?inode=\(net)").body)
        #expect(one.count == 1 && one.first?["inode"] as? UInt64 == net)
        #expect(try Self.namespaces(try server.get("/snapshot.json?inode=\(net)&type=uts").body).isEmpty)
        #expect(try Self.namespaces(try server.get("/snapshot.json?container=deadbeef").body).isEmpty)
        for (query, message) in [("type=nett", "type=nett: want one of"), ("inode=-1", "inode=-1: want a decimal"), ("container=a", "container=a: want")] {
            let response = try server.get("/snapshot.json?\(query)")
            #expect(response.status == 400, "\(query)")
            #expect(response.body.contains(message), "\(query): \(response.body)")
        }
    }

    /// ETag per sample: If-None-Match gets a 304 until the next sample.
    @Test func etagsRoundTrip() throws {
        let server = try ExporterServer(["--sample.interval=1s"])
        defer { #expect(server.process.killTree().isEmpty) }
        let first = try server.get("/snapshot.json")
        let etag = try #require(first.headers.split(separator: "\n").first { $0.lowercased().hasPrefix("etag:") }?.split(separator: " ").last.map(String.init))
        #expect(try server.get("/snapshot.json", headers: ["If-None-Match: \(etag)"]).status == 304)
        #expect(try server.get("/snapshot.json", headers: ["If-None-Match: \"other\""]).status == 200)
        #expect(try server.get("/snapshot.json", headers: ["Accept-Encoding: gzip", "If-None-Match: \(etag)"]).status == 200, "the gzip form has its own ETag")
        let renewed = try eventually(5) { try server.get("/snapshot.json", headers: ["If-None-Match: \(etag)"]).status == 200 }
        #expect(renewed, "a new sample has a new ETag")
    }

    /// OpenMetrics when asked for, through a real OpenMetrics parser; gzip when accepted.
    @Test func metricsNegotiateOpenMetricsAndGzip() throws {
        let server = try ExporterServer(["--sample.interval=1s"])
        defer { #expect(server.process.killTree().isEmpty) }
        let accept = "Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
        let open = try server.get("/metrics", headers: [accept])
        #expect(open.headers.lowercased().contains("content-type: application/openmetrics-text; version=1.0.0"))
        #expect(open.body.hasSuffix("# EOF\n"))
        #expect(open.body.contains("# TYPE namespace_exporter_samples counter\n"))
        #expect(open.body.contains("\nnamespace_exporter_samples_created "))
        let parsed = try Command.run(["python3", Fixtures.path("Tests/Tools/check_exposition.py"), "--openmetrics"], input: open.body)
        #expect(parsed.status == 0, "\(parsed.output)")

        let text = try server.get("/metrics")
        #expect(text.headers.lowercased().contains("content-type: text/plain; version=0.0.4"))
        #expect(!text.body.contains("# EOF"))
        #expect(try Command.run(["promtool", "check", "metrics"], input: text.body).status == 0)
        // The OpenMetrics parser is no rubber stamp: the 0.0.4 body (no `# EOF`) fails it.
        #expect(try Command.run(["python3", Fixtures.path("Tests/Tools/check_exposition.py"), "--openmetrics"], input: text.body).status != 0)

        let gzipped = try Command.run(["curl", "-sS", "-D", "/dev/stderr", "--compressed", "-H", accept, "\(server.url)/metrics"])
        #expect(gzipped.output.lowercased().contains("content-encoding: gzip"))
        #expect(gzipped.output.hasSuffix("# EOF\n"))
    }
}
