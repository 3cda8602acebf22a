import Glibc
import NIOCore
import NamespaceKit
import NamespaceTestSupport
import Testing

@testable import NamespaceExporter

/// OpenMetrics writing, gzip, content negotiation and snapshot filters, on literals.
struct FormatTests {
    @Test func openMetricsNamesCountersWithoutTotalAndAddsCreated() {
        var out = ExpositionWriter(format: .openMetrics(created: 1_700_000_000.5))
        out.family("x_events_total", .counter, help: "Events \"seen\".")
        out.sample("x_events_total", [("type", "net")], 3)
        out.single("x_up", .gauge, help: "Up.", 1)
        #expect(out.body == """
            # HELP x_events Events \\"seen\\".
            # TYPE x_events counter
            x_events_total{type="net"} 3
            x_events_created{type="net"} 1700000000.5
            # HELP x_up Up.
            # TYPE x_up gauge
            x_up 1
            # EOF

            """)
        var text = ExpositionWriter()
        text.family("x_events_total", .counter, help: "Events \"seen\".")
        text.sample("x_events_total", [], 3)
        #expect(text.body == "# HELP x_events_total Events \"seen\".\n# TYPE x_events_total counter\nx_events_total 3\n")
    }

    /// What gzip(1) makes of `compressed`.
    static func gunzip(_ compressed: [UInt8]) throws -> String {
        let path = "/tmp/namespace-exporter-gzip-test-\(getpid()).gz"
        defer { unlink(path) }
        let file = try #require(fopen(path, "w"))
        fwrite(compressed, 1, compressed.count, file)
        fclose(file)
        return try Command.run(["gzip", "-dc", path]).output
    }

    @Test func gzipIsReadByGzip() throws {
        let text = String(repeating: "linux_namespaces{type=\"net\"} 1\n", count: 1000)
        let compressed = Gzip.compress(Array(text.utf8))
        #expect(compressed.count < text.utf8.count / 10)
        #expect(compressed.prefix(2) == [0x1f, 0x8b])
        #expect(try Self.gunzip(compressed) == text)
        #expect(try Self.gunzip(Gzip.compress([UInt8]())) == "")
    }

    /// Chunks compress as one stream, and output beyond one 64 KiB step
    /// (hex of a pseudo-random sequence: it compresses to about half) is whole.
    @Test func gzipOfChunksIsOneStream() throws {
        var state: UInt64 = 42
        let text = (0..<40_000).map { _ -> String in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return String(state >> 16, radix: 16)
        }.joined(separator: "\n")
        let utf8 = Array(text.utf8)
        let chunks = [ByteBuffer(bytes: utf8[..<1000]), ByteBuffer(), ByteBuffer(bytes: utf8[1000...])]
        let compressed = Gzip.compress(chunks)
        #expect(compressed.readableBytes > 200_000)
        #expect(try Self.gunzip(Array(compressed.readableBytesView)) == text)
    }

    @Test func negotiationReadsListsAndQualities() {
        #expect(Negotiation.offers("gzip, deflate", "gzip"))
        #expect(Negotiation.offers("deflate;q=1, GZIP;q=0.5", "gzip"))
        #expect(!Negotiation.offers("gzip;q=0", "gzip"))
        #expect(!Negotiation.offers("identity", "gzip"))
        #expect(!Negotiation.offers(nil, "gzip"))
        #expect(Negotiation.offers("application/openmetrics-text;version=1.0.0;q=0.9,text/plain;q=0.5", "application/openmetrics-text"))
    }

    @Test func snapshotFiltersParseOrSayWhy() throws {
        let filter = try SnapshotFilter(query: [("type", "net"), ("inode", "4026532008"), ("container", "4f1f2cbd"), ("_", "123")])
        #expect(filter == SnapshotFilter(type: .net, container: "4f1f2cbd", inode: 4_026_532_008))
        #expect(try SnapshotFilter(query: []).isEmpty)
        for (name, value) in [("type", "nett"), ("inode", "12a"), ("container", "ab"), ("container", "a/b/c/d")] {
            #expect(throws: SnapshotFilter.Invalid.self) { try SnapshotFilter(query: [(name, value)]) }
        }
    }
}
