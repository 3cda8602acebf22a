import NamespaceExporter
import NamespaceKit
import NamespaceProbe
import Testing
import NamespaceTestSupport

/// `--config.file`: modules in YAML; every mistake named with where it is.
struct ProbeConfigFileTests {
    @Test func modulesReplaceOrAddToTheBuiltInOnes() throws {
        let modules = try ProbeConfigFile.parse("""
            modules:
              uts:
                prober: create
                timeout: 250ms
                create: {namespaces: [uts]}
              containers:
                prober: create
                create:
                  namespaces: [net, uts, ipc, mnt, pid]
                  mount_point: /run
                  monotonic_offset: 1h
              web:
                prober: join
                timeout: 3s
                join: {namespace: net, connect: "10.0.0.1:80"}
              root_fs:
                prober: join
                join: {namespace: mnt, path: /etc/hostname}
              everything:
                prober: create
                create: {namespaces: [all], map_uid: 100000, map_gid: 100000}
            """)
        #expect(modules["uts"]?.timeout == .milliseconds(250))
        #expect(modules["pid"] == ProbeModule.defaults["pid"])
        guard case .create(let containers)? = modules["containers"]?.prober else { Issue.record("containers"); return }
        #expect(containers.types == [.net, .uts, .ipc, .mnt, .pid])
        #expect(containers.mountPoint == "/run")
        #expect(containers.monotonicOffsetSeconds == 3600)
        #expect(modules["web"]?.prober == .join(JoinSettings(type: .net, connect: "10.0.0.1:80")))
        #expect(modules["root_fs"]?.prober == .join(JoinSettings(type: .mnt, path: "/etc/hostname")))
        guard case .create(let everything)? = modules["everything"]?.prober else { Issue.record("everything"); return }
        #expect(everything.types == Set(NamespaceType.allCases))
        #expect(everything.mapUID == 100000)
    }

    @Test func anEmptyFileKeepsTheDefaults() throws {
        #expect(try ProbeConfigFile.parse("").keys.sorted() == ProbeModule.defaults.keys.sorted())
        #expect(try ProbeConfigFile.parse("modules: {}\n").count == ProbeModule.defaults.count)
    }

    @Test(arguments: [
        ("modules: [", "not valid YAML"),
        ("modlues: {}", "unknown field \"modlues\""),
        ("modules: {a: {prober: create, create: {namespaces: [uts]}, timeout: 5x}}", "modules.a.timeout: invalid duration"),
        ("modules: {a: {prober: create, create: {namespaces: [uts]}, timeout: 0s}}", "modules.a.timeout must be above zero"),
        ("modules: {a: {prober: fork}}", "modules.a.prober: want create or join"),
        ("modules: {a: {prober: create}}", "modules.a.create: missing"),
        ("modules: {a: {prober: create, create: {namespaces: [uts, nett]}}}", "unknown type \"nett\""),
        ("modules: {a: {prober: create, create: {namespaces: [uts], mountpoint: /x}}}", "modules.a.create: unknown field \"mountpoint\""),
        ("modules: {a: {prober: create, create: {namespaces: [mnt], mount_point: tmp}}}", "mount_point: want an absolute path"),
        ("modules: {a: {prober: create, create: {namespaces: [user], map_uid: -1}}}", "map_uid: want a uid/gid number"),
        ("modules: {a: {prober: join, join: {namespace: pid}}}", "want net, uts or mnt"),
        ("modules: {a: {prober: join, join: {namespace: net, connect: example.com:80}}}", "connect: want an IP:port"),
        ("modules: {a: {prober: join, join: {namespace: uts, path: /etc}}}", "path: want an absolute path on a mnt module"),
        ("modules: {\"a b\": {prober: create, create: {namespaces: [uts]}}}", "module name \"a b\""),
    ])
    func mistakesAreNamed(_ yaml: String, _ message: String) {
        #expect {
            _ = try ProbeConfigFile.parse(yaml)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func aMissingFileIsNamed() {
        #expect {
            _ = try ProbeConfigFile.load(path: "/no/such/probes.yml")
        } throws: { error in
            "\(error)".contains("cannot read /no/such/probes.yml")
        }
    }
}

/// The example files that ship in the release tarball and the package load
/// as they are, and give what their comments promise.
struct ShippedExampleConfigTests {
    @Test func probeConfigExampleLoads() throws {
        let modules = try ProbeConfigFile.load(path: Fixtures.path("deploy/config/probe-config.yml"))
        guard case .create(let containers)? = modules["containers"]?.prober else { Issue.record("containers"); return }
        #expect(containers.types == [.net, .uts, .ipc, .mnt, .pid, .cgroup])
        guard case .create(let ahead)? = modules["time_ahead"]?.prober else { Issue.record("time_ahead"); return }
        #expect(ahead.monotonicOffsetSeconds == 86_400)
        #expect(modules["netns_dns"]?.prober == .join(JoinSettings(type: .net, connect: "127.0.0.1:53")))
        #expect(modules["uts"] == ProbeModule.defaults["uts"])
    }

    @Test func webConfigExampleLoads() throws {
        let config = try WebConfig.load(path: Fixtures.path("deploy/config/web-config.yml"))
        #expect(config.headers.map(\.name) == ["X-Content-Type-Options", "X-Frame-Options"])
        #expect(config.tls == nil && config.users.isEmpty)
    }
}
