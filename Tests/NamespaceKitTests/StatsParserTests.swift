import Testing
@testable import NamespaceKit

/// The per-namespace collectors' parsers, on literals.
struct StatsParserTests {
    @Test func netDevCountersPerInterface() {
        let text = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
              eth0: 9876543   12345    1    2    0     0          0        10  5432109    6789    3    4    0     0       0          0
            veth0: 1 2 3
            bad: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 x

            """
        let parsed = NetDev.parse(text[...])
        #expect(parsed.values == [NetDev.Interface(name: "eth0", receive: [9_876_543, 12345, 1, 2], transmit: [5_432_109, 6789, 3, 4])])
        #expect(parsed.errors == [ProcParseError("net/dev", .tooFewFields(3)), ProcParseError("net/dev", .badNumber(field: "bad"))])
    }

    @Test func sockstatByProtocolAndState() {
        let parsed = SockStat.parse("sockets: used 180\nTCP: inuse 5 orphan 0 tw 2 alloc 7 mem 1\nUDP6: inuse 1\nRAW: inuse x\nFRAG: inuse\n")
        #expect(parsed.values.flatMap { $0 }.map { "\($0.proto) \($0.state) \($0.value)" } == [
            "tcp inuse 5", "tcp orphan 0", "tcp tw 2", "tcp alloc 7", "udp6 inuse 1",
        ])
        #expect(parsed.errors == [ProcParseError("net/sockstat", .badNumber(field: "raw inuse")), ProcParseError("net/sockstat", .tooFewFields(1))])
    }

    @Test func conntrackEntriesAreTheFirstHexColumn() throws {
        #expect(try ConntrackStat.entries("entries  clashres found\n0000002a  00000000 00000000\n0000002a 0 0\n") == 42)
        #expect(throws: ProcParseError("net/stat/nf_conntrack", .missing("entries header"))) { try ConntrackStat.entries("garbage\n") }
        #expect(throws: ProcParseError("net/stat/nf_conntrack", .badNumber(field: "entries"))) { try ConntrackStat.entries("entries\nzz\n") }
    }

    @Test func idMapsAndTheIdentity() {
        let host = IDMapRange.parse("         0          0 4294967295\n")
        #expect(host.values == IDMapRange.identity)
        let mapped = IDMapRange.parse("0 100000 65536\n1 2\n0 -1 1\n")
        #expect(mapped.values == [IDMapRange(inside: 0, outside: 100_000, count: 65536)])
        #expect(mapped.errors == [ProcParseError("uid_map", .tooFewFields(2)), ProcParseError("uid_map", .badNumber(field: "range"))])
    }

    @Test func sysvipcObjectsAndSharedMemoryBytes() {
        let shm = """
                   key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap
                     0          1   600                 4096   100   100      0     0     0     0     0          0          0 1700000000                     0                     0
                     0          2   600                 8192   100   100      0     0     0     0     0          0          0 1700000000                     0                     0

            """
        #expect(SysVIPC.objects(shm[...]) == 2)
        #expect(SysVIPC.sharedMemoryBytes(shm[...]).values.reduce(0, +) == 12288)
        #expect(SysVIPC.objects("       key      msqid perms\n") == 0)
        #expect(SysVIPC.objects("") == 0)
    }
}
