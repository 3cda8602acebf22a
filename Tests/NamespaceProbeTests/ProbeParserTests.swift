import NamespaceKit
import Testing

@testable import NamespaceProbe

/// The pure parsers a probe reads the child through, on literals.
struct ProbeParserTests {
    @Test func netDevListsInterfaceNamesAfterTheTwoHeaderLines() {
        let text = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
              eth0: 1234567    4321    0    0    0     0          0         0   765432    3210    0    0    0     0       0          0
            veth1a2b3c:0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
            garbage line without colon

            """
        let parsed = NetDev.interfaceNames(text[...])
        #expect(parsed.values == ["lo", "eth0", "veth1a2b3c"])
        #expect(parsed.errors == [ProcParseError("net/dev", .missing("\"name:\""))])
        #expect(NetDev.interfaceNames("").values == [])
    }

    @Test func processStatusReadsIdsAndEffectiveCapabilities() throws {
        let text = "Name:\tsh\nUid:\t65534\t65534\t65534\t65534\nGid:\t100\t100\t100\t100\nCapEff:\t00000000002010c0\n"
        let status = try ProcessStatus(parsing: text[...])
        #expect(status.uids == [65534, 65534, 65534, 65534])
        #expect(status.gids.first == 100)
        #expect(status.effectiveCapabilities == 0x2010c0)
        #expect(throws: ProcParseError("status", .badNumber(field: "CapEff"))) { try ProcessStatus(parsing: "CapEff:\tnot-hex\n") }
        #expect(throws: ProcParseError("status", .badNumber(field: "Uid"))) { try ProcessStatus(parsing: "Uid:\t0\t0\n") }
        #expect(throws: ProcParseError("status", .badNumber(field: "Gid"))) { try ProcessStatus(parsing: "Gid:\t0\t0\t0\t\u{fffd}\n") }
    }

    @Test func cgroupFileKeepsPathsWithColons() {
        let text = "12:memory:/a/b\n0::/\n1:name=systemd:/x:y\nbroken\nx::/y\n"
        let parsed = CgroupFile.paths(text[...])
        #expect(parsed.values == ["/a/b", "/", "/x:y"])
        #expect(parsed.errors == [ProcParseError("cgroup", .tooFewFields(1)), ProcParseError("cgroup", .badNumber(field: "hierarchy-ID"))])
    }

    @Test func mountEntryReadsTypeSourceAndEscapedMountPoint() throws {
        let line = "36 25 0:32 / /mnt/with\\040space rw,relatime shared:1 - tmpfs nsprobe-1-2 rw,size=16k"
        let entry = try MountEntry(line: line[...])
        #expect(entry.mountPoint == "/mnt/with space")
        #expect(entry.fileSystemType == "tmpfs")
        #expect(entry.source == "nsprobe-1-2")
        #expect(throws: ProcParseError("mountinfo", .tooFewFields(8))) { try MountEntry(line: "36 25 0:32 / /mnt rw - tmpfs") }
        #expect(throws: ProcParseError("mountinfo", .missing("\" - \" separator"))) { try MountEntry(line: "1 2 3 4 5 6 7 8 9 10") }
    }

    @Test func socketAddressTakesIPLiteralsOnly() throws {
        let v4 = try #require(SocketAddress(parsing: "10.0.0.1:80"))
        #expect(v4.bytes.count == 16)
        #expect(v4.bytes[2] == 0 && v4.bytes[3] == 80)
        #expect(try #require(SocketAddress(parsing: "[::1]:9100")).bytes.count == 28)
        for bad in ["localhost:80", "10.0.0.1", "10.0.0.1:0", "10.0.0.1:70000", "[::1]", ""] {
            #expect(SocketAddress(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func targetsArePidsNamespacesOrKnownPaths() throws {
        var known = KnownNamespaces()
        known.paths[NamespaceKey(type: .net, ino: 4_026_532_008)] = "/proc/77/ns/net"
        known.bindMounts = ["/var/run/docker/netns/abc"]
        func target(_ text: String, _ type: NamespaceType = .net) throws(ProbeFailure) -> String {
            try ProbeTarget(parsing: text, type: type, known: known, netnsDirectory: "/run/netns").path
        }
        #expect(try target("1234") == "/proc/1234/ns/net")
        #expect(try target("1234", .mnt) == "/proc/1234/ns/mnt")
        #expect(try target("net:[4026532008]") == "/proc/77/ns/net")
        #expect(try target("4026532008") == "/proc/77/ns/net")
        #expect(try target("/run/netns/blue") == "/run/netns/blue")
        #expect(try target("/var/run/docker/netns/abc") == "/var/run/docker/netns/abc")
        #expect(throws: ProbeFailure.self) { try target("uts:[4026532008]") }
        #expect(throws: ProbeFailure.self) { try target("net:[4026532999]") }
        #expect(throws: ProbeFailure.self) { try target("/run/netns/../../etc/passwd") }
        #expect(throws: ProbeFailure.self) { try target("/run/netns/a/b") }
        #expect(throws: ProbeFailure.self) { try target("/etc/passwd") }
        #expect(throws: ProbeFailure.self) { try target("blue") }
        do {
            _ = try target("net:[4026532999]")
        } catch {
            #expect(error.reason == "target_not_found")
        }
    }

    @Test func errnoNamesAreSymbolic() {
        #expect(errnoName(28) == "ENOSPC")
        #expect(errnoName(1) == "EPERM")
        #expect(errnoName(9999) == "errno_9999")
    }
}
