import NIOCore
import NamespaceKit
import NamespaceTestSupport
import Synchronization
import Testing
@testable import NamespaceExporter

/// What a published body holds: each form made once, the plain form let go
/// when only gzip is wanted, and the sample's families shared, not copied.
struct PreparedBodyTests {
    final class Counter: Sendable {
        let made = Mutex(0)
    }

    static func body(_ counter: Counter, text: String = String(repeating: "linux_namespaces{type=\"net\"} 1\n", count: 2_000)) -> PreparedBody {
        PreparedBody(etag: "\"s1\"", chunks: {
            counter.made.withLock { $0 += 1 }
            return [ByteBuffer(string: text)]
        })
    }

    @Test func gzipAloneLetsThePlainFormGo() throws {
        let counter = Counter()
        let body = Self.body(counter)
        let gzip = body.gzip
        #expect(body.heldBytes == gzip.readableBytes, "only the gzip form is held")
        #expect(gzip.readableBytes < 64_000 / 10)
        #expect(try FormatTests.gunzip(Array(gzip.readableBytesView)) == String(repeating: "linux_namespaces{type=\"net\"} 1\n", count: 2_000))
        _ = body.gzip
        #expect(counter.made.withLock { $0 } == 1, "made once")
    }

    @Test func aBodyAskedInBothFormsKeepsBoth() {
        let counter = Counter()
        let body = Self.body(counter)
        let plain = body.plain.reduce(0) { $0 + $1.readableBytes }
        let gzip = body.gzip.readableBytes
        #expect(body.heldBytes == plain + gzip)
        #expect(counter.made.withLock { $0 } == 1)
    }

    /// The next sample's body is made as the last one was asked for.
    @Test func warmMakesWhatWasAskedLastTime() {
        let (lastCount, nextCount, plainCount) = (Counter(), Counter(), Counter())
        let last = Self.body(lastCount)
        _ = last.gzip
        let next = Self.body(nextCount)
        next.warm(like: last)
        #expect(nextCount.made.withLock { $0 } == 1)
        #expect(next.heldBytes == next.gzip.readableBytes, "gzip made ahead, plain let go")
        #expect(nextCount.made.withLock { $0 } == 1, "the request found it made")

        // Never asked: nothing made, unless the plain form is wanted anyway.
        let unasked = Self.body(plainCount)
        unasked.warm(like: Self.body(Counter()))
        #expect(plainCount.made.withLock { $0 } == 0 && unasked.heldBytes == 0)
        unasked.warm(like: Self.body(Counter()), plainUnasked: true)
        #expect(plainCount.made.withLock { $0 } == 1 && unasked.heldBytes > 60_000)
    }

    /// /metrics in text and in OpenMetrics both begin with the sample's
    /// families: the same bytes in memory, not copies.
    @Test func bodiesShareTheSampleFamilies() throws {
        let snapshot = try Sampler(procfs: ProcFS(root: Fixtures.procBasic), options: .init(netnsDirectory: Fixtures.netnsBasic)).sample()
        var tracker = ChurnTracker()
        tracker.apply(snapshot)
        let churn = ChurnView(tracker: tracker, snapshot: snapshot, source: .poll, stats: nil)
        let renderer = MetricsRenderer(maxSeries: 10_000)
        let families = renderer.sampleFamilies(snapshot, churn: churn)
        let first = renderer.renderChunks(families, snapshot: snapshot, counters: ExporterCounters(), churn: churn)
        let second = renderer.renderChunks(families, snapshot: snapshot, counters: ExporterCounters(), churn: churn)
        let address = { (buffer: ByteBuffer) in buffer.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) } }
        #expect(first.count == 2 && address(first[0]) == address(second[0]))
        #expect(address(first[1]) != address(second[1]), "the live part is each body's own")
        #expect(first.map { String(buffer: $0) }.joined() == renderer.render(snapshot, counters: ExporterCounters(), churn: churn))
    }
}
