import Testing
@testable import NamespaceKit

struct ProcessStatTests {
    static let sleep = "1234 (sleep) S 1 1234 1234 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 987654 2400000 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"

    @Test func parsesPidCommPpidAndStartTime() throws {
        let stat = try ProcessStat(parsing: Self.sleep)
        #expect(stat == ProcessStat(pid: 1234, comm: "sleep", ppid: 1, startTime: 987654))
    }

    @Test func commMayHoldSpacesAndParentheses() throws {
        let stat = try ProcessStat(parsing: "77 (a) b (c)) R 5 77 77 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 42 0 0")
        #expect(stat.comm == "a) b (c)")
        #expect(stat.ppid == 5)
        #expect(stat.startTime == 42)
    }

    @Test(arguments: [
        "", "1234 sleep S 1", "1234 (sleep) S 1 2 3", "x (sleep) S 1 1234 1234 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 987654 1",
        "1234 (sleep) S one 1234 1234 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 987654 1",
        "1234 (sleep) S 1 1234 1234 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 nine 1",
    ])
    func rejectsMalformedStat(text: String) {
        #expect(throws: ProcParseError.self) { try ProcessStat(parsing: text) }
    }

    @Test func nonUTF8CommIsKeptLossily() throws {
        var bytes = Array("9 (".utf8) + [0xff, 0xfe] + Array(") S 1 9 9 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0".utf8)
        let stat = try ProcessStat(parsing: bytes)
        #expect(stat.comm == "\u{FFFD}\u{FFFD}")
        bytes.removeLast(30)
        #expect(throws: ProcParseError.self) { try ProcessStat(parsing: bytes) }
    }
}
