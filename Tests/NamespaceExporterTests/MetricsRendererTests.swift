import NamespaceKit
import Testing
@testable import NamespaceExporter

struct MetricsRendererTests {
    static func snapshot(memberCounts: [Int]) -> Snapshot {
        let namespaces = memberCounts.enumerated().map { index, count in
            Namespace(id: NamespaceID(dev: 4, ino: UInt64(4026532000 + index)), type: .net, processCount: count, leader: nil)
        }
        return Snapshot(timestamp: 0, duration: 0, namespaces: namespaces, processCounts: .init())
    }

    @Test func escapesLabelValuesAndHelp() {
        #expect(ExpositionWriter.escapeLabelValue("plain") == "plain")
        #expect(ExpositionWriter.escapeLabelValue("a\"b\\c\nd") == "a\\\"b\\\\c\\nd")
        #expect(ExpositionWriter.escapeHelp("x\\y\nz \"q\"") == "x\\\\y\\nz \"q\"")
    }

    @Test func formatsNumbersAsPrometheusReadsThem() {
        #expect(ExpositionWriter.format(0.0125) == "0.0125")
        #expect(ExpositionWriter.format(1_700_000_000) == "1700000000")
        #expect(ExpositionWriter.format(1_700_000_000.5) == "1700000000.5")
        #expect(ExpositionWriter.format(.infinity) == "+Inf")
        #expect(ExpositionWriter.format(-.infinity) == "-Inf")
        #expect(ExpositionWriter.format(.nan) == "NaN")
    }

    @Test func seriesBoundKeepsTheMostPopulatedNamespaces() {
        let renderer = MetricsRenderer(maxSeries: 9)  // room for 3 namespaces, 3 series each
        let (kept, dropped) = renderer.boundedNamespaces(Self.snapshot(memberCounts: [5, 1, 3, 0, 2]).namespaces)
        #expect(kept.map(\.processCount) == [5, 3, 2])
        #expect(kept.map(\.id.ino) == kept.map(\.id.ino).sorted())
        #expect(dropped == 6)
        let body = renderer.render(Self.snapshot(memberCounts: [5, 1, 3, 0, 2]), counters: .init())
        #expect(body.contains("\nnamespace_exporter_series_dropped 6\n"))
        #expect(body.split(separator: "\n").filter { $0.hasPrefix("linux_namespace_processes{") }.count == 3)
        #expect(body.contains("linux_namespaces{type=\"net\"} 5\n"), "the per-type count is never bounded")
    }

    @Test func infoLabelsCarryRelationsLeaderAndCreator() {
        let user = Namespace(
            id: NamespaceID(dev: 4, ino: 4026532300), type: .user, processCount: 1,
            leader: .init(pid: 77, comm: "sandbox"), owner: .namespace(NamespaceID(dev: 4, ino: 4026531837)),
            parent: .namespace(NamespaceID(dev: 4, ino: 4026531837)), creatorUID: 65534)
        let root = Namespace(
            id: NamespaceID(dev: 4, ino: 4026531837), type: .user, processCount: 9,
            leader: .init(pid: 1, comm: nil), owner: .none, parent: nil, creatorUID: 0)
        let body = MetricsRenderer(maxSeries: 10).render(
            Snapshot(timestamp: 0, duration: 0, namespaces: [root, user], processCounts: .init()), counters: .init())
        #expect(body.contains("""
            linux_namespace_info{type="user",inode="4026531837",owner_inode="",parent_inode="",leader_pid="1",leader_comm="",owner_uid="0"} 1
            linux_namespace_info{type="user",inode="4026532300",owner_inode="4026531837",parent_inode="4026531837",leader_pid="77",leader_comm="sandbox",owner_uid="65534"} 1

            """))
    }

    @Test func zeroSeriesBoundDropsEveryPerNamespaceSeries() {
        let body = MetricsRenderer(maxSeries: 0).render(Self.snapshot(memberCounts: [1, 2]), counters: .init())
        #expect(!body.contains("linux_namespace_info{"))
        #expect(body.contains("\nnamespace_exporter_series_dropped 6\n"))
    }

    @Test func everyTypeIsCountedEvenWhenAbsent() {
        let body = MetricsRenderer(maxSeries: 10).render(Self.snapshot(memberCounts: []), counters: .init())
        for type in NamespaceType.allCases {
            #expect(body.contains("linux_namespaces{type=\"\(type.rawValue)\"} 0\n"))
        }
    }
}
