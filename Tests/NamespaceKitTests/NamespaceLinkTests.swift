import Testing
@testable import NamespaceKit

struct NamespaceLinkTests {
    @Test(arguments: [
        ("net:[4026531993]", NamespaceType.net, UInt64(4026531993)),
        ("pid:[4026531836]", .pid, 4026531836),
        ("time:[1]", .time, 1),
        ("cgroup:[4026531835]", .cgroup, 4026531835),
        ("user:[18446744073709551615]", .user, UInt64.max),
    ])
    func parsesLinkTargets(text: String, type: NamespaceType, ino: UInt64) {
        #expect(NamespaceLink(parsing: text) == NamespaceLink(type: type, ino: ino))
    }

    @Test(arguments: [
        "", "net", "net:", "net:[]", "net:[12a]", "net:4026531993", "net:[4026531993", "foo:[1]",
        "net:[-1]", "net:[ 1]", "net:[18446744073709551616]", "pid_for_children:[1]", "socket:[123]",
    ])
    func rejectsAnythingElse(text: String) {
        #expect(NamespaceLink(parsing: text) == nil)
    }

    @Test func parsesDecimalWithoutOverflow() {
        #expect(parseDecimal(Array("0".utf8)) == 0)
        #expect(parseDecimal(Array("18446744073709551615".utf8)) == UInt64.max)
        #expect(parseDecimal(Array("18446744073709551616".utf8)) == nil)
        #expect(parseDecimal(Array("+1".utf8)) == nil)
        #expect(parseDecimal([UInt8]()) == nil)
    }
}
