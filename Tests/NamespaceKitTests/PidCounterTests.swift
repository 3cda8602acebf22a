import Testing
@testable import NamespaceKit

struct PidCounterTests {
    @Test func pidsAllocatedSinceThePreviousSampleAreTheInterval() {
        let before = PidCounter(lastPID: 1000, pidMax: 32768)
        let now = PidCounter(lastPID: 1500, pidMax: 32768)
        #expect(!now.mayHaveAllocated(1000, since: before))
        #expect(now.mayHaveAllocated(1001, since: before))
        #expect(now.mayHaveAllocated(1500, since: before))
        #expect(!now.mayHaveAllocated(1501, since: before))
        #expect(!now.mayHaveAllocated(5, since: before))
        #expect(!now.mayHaveAllocated(1000, since: before))
    }

    @Test func wrapPastPidMaxCoversBothEnds() {
        let before = PidCounter(lastPID: 32000, pidMax: 32768)
        let now = PidCounter(lastPID: 400, pidMax: 32768)
        #expect(now.mayHaveAllocated(32500, since: before))
        #expect(now.mayHaveAllocated(300, since: before))
        #expect(now.mayHaveAllocated(400, since: before))
        #expect(!now.mayHaveAllocated(401, since: before))
        #expect(!now.mayHaveAllocated(32000, since: before))
    }

    @Test func changedPidMaxTrustsNothing() {
        let before = PidCounter(lastPID: 10, pidMax: 32768)
        #expect(PidCounter(lastPID: 10, pidMax: 4_194_304).mayHaveAllocated(5, since: before))
    }

    @Test func readsTheLiveAllocator() throws {
        let counter = try #require(try ProcFS(root: "/proc").open().pidCounter())
        #expect(counter.pidMax > 300)
        #expect(counter.lastPID > 0 && counter.lastPID <= counter.pidMax)
    }
}
