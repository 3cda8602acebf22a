import Testing
@testable import NamespaceKit

struct MountInfoTests {
    @Test func findsNsfsMountsAndUnescapesPaths() {
        let text = """
            22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/vda rw
            600 22 0:4 net:[4026532600] /run/netns/blue rw shared:5 master:2 - nsfs nsfs rw
            601 22 0:4 mnt:[4026532601] /tmp/a\\040b\\134c rw - nsfs nsfs rw
            602 22 0:4 net:[4026532602] /run/netns/x rw - tmpfs tmpfs rw
            bad line
            603 22 0:4 garbage /run/netns/y rw - nsfs nsfs rw
            """
        let parsed = NSFSMount.parse(mountinfo: Substring(text))
        #expect(parsed.values == [
            NSFSMount(link: NamespaceLink(type: .net, ino: 4026532600), mountPoint: "/run/netns/blue"),
            NSFSMount(link: NamespaceLink(type: .mnt, ino: 4026532601), mountPoint: "/tmp/a b\\c"),
        ])
        #expect(parsed.errors == [
            ProcParseError("mountinfo", .tooFewFields(2)), ProcParseError("mountinfo", .missing("namespace in an nsfs root")),
        ])
    }

    /// A read that hit its limit: the cut line is not parsed, the file is counted as truncated.
    @Test func aTruncatedFileIsCountedAndItsCutLineDropped() {
        let text = "600 22 0:4 net:[4026532600] /run/netns/blue rw - nsfs nsfs rw\n601 22 0:4 net:[40265"
        let parsed = NSFSMount.parse(mountinfo: Substring(text), truncated: true)
        #expect(parsed.values.map(\.mountPoint) == ["/run/netns/blue"])
        #expect(parsed.errors == [ProcParseError("mountinfo", .truncated)])
    }

    /// Bytes that are not UTF-8 are replaced, never a crash; the line still parses.
    @Test func nonUTF8BytesAreReplaced() {
        let bytes: [UInt8] = Array("600 22 0:4 net:[4026532600] /run/netns/".utf8) + [0xff, 0xfe] + Array(" rw - nsfs nsfs rw\n".utf8)
        let parsed = NSFSMount.parse(mountinfo: Substring(String(decoding: bytes, as: UTF8.self)))
        #expect(parsed.values.first?.mountPoint == "/run/netns/\u{fffd}\u{fffd}")
        #expect(parsed.errors.isEmpty)
    }
}

struct ReadAllTests {
    /// Files larger than the first buffer are read whole, up to the limit.
    @Test func readsPastTheFirstBufferAndStopsAtTheLimit() throws {
        let root = try ProcFS(root: "/proc").open()
        let whole = try root.read("self/maps", limit: 1 << 20).get()
        #expect(whole.count > 4096, "self/maps of the test runner is larger than one buffer")
        let capped = try root.read("self/maps", limit: 5000).get()
        #expect(capped.count == 5000)
        #expect(Array(whole.prefix(100)) == Array(capped.prefix(100)))
    }
}
