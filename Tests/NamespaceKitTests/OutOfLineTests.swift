import NamespaceKit
import Testing

/// A namespace is copied whole into every published array (8,009 of them at
/// N = 10,000): what most lack, the collectors' stats and a unit, is
/// kept out of line, and equality and hashing still see the values.
struct OutOfLineTests {
    @Test func aNamespaceStaysSmall() {
        // 168: every member's containers (an array) and the leader's unit (out of line) replaced one container;
        // the fd owners (an array) fit because `type` moved into what was padding.
        #expect(MemoryLayout<Namespace>.size <= 168, "\(MemoryLayout<Namespace>.size) bytes (385 with stats and a container inline)")
        #expect(MemoryLayout<OutOfLine<NamespaceStats>>.size == MemoryLayout<Int>.size)
    }

    @Test func valuesBehaveAsInline() {
        var a = Namespace(id: NamespaceID(dev: 4, ino: 4026532000), type: .net, processCount: 1, leader: nil)
        var b = a
        #expect(a == b && a.stats.isEmpty && a.unit == nil)
        a.stats.hostname = "probe"
        #expect(a != b && b.stats.hostname == nil, "a copy is not changed through the other")
        b.stats.hostname = "probe"
        #expect(a == b && a.hashValue == b.hashValue, "equal by value, not by box")
        a.stats = NamespaceStats()
        b.unit = "ssh.service"
        #expect(a.stats.isEmpty && b.unit == "ssh.service" && a.unit == nil)
    }
}
