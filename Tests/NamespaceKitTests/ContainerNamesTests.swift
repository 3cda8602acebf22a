import NamespaceTestSupport
import Testing
@testable import NamespaceKit
#if canImport(Glibc)
import Glibc
#endif

/// The OCI runtimes' state files, on literals shaped as runc and crun write them.
struct ContainerNamesTests {
    /// runc's `state.json` (abridged from a podman container on this machine):
    /// the bundle's annotations are `config.labels`, as `key=value`.
    static let runcState = """
        {"id":"8661ae6a","init_process_pid":9816,"config":{"rootfs":"/x","labels":[
        "io.container.manager=libpod","io.kubernetes.pod.namespace=shop","io.kubernetes.container.name=nginx",
        "io.kubernetes.pod.name=web-0","note=a=b","bundle=/var/lib/containers/storage/overlay-containers/8661ae6a/userdata"]},
        "cgroup_paths":{"pids":"/sys/fs/cgroup/pids/libpod_parent/libpod-8661ae6a"}}
        """

    /// crun's copy of `config.json`, with containerd's CRI keys.
    static let crunConfig = """
        {"ociVersion":"1.0.2","process":{"args":["sleep"]},"annotations":{
        "io.kubernetes.cri.container-name":"app","io.kubernetes.cri.sandbox-name":"api-7f9c",
        "io.kubernetes.cri.sandbox-namespace":"prod","io.kubernetes.cri.sandbox-uid":"1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901"}}
        """

    @Test func runcLabelsGiveTheKubernetesNames() throws {
        let annotations = try OCIRuntimeState.annotations(file: "state.json", Array(Self.runcState.utf8))
        #expect(ContainerNames(annotations: annotations) == ContainerNames(pod: "web-0", podNamespace: "shop", container: "nginx"))
        #expect(annotations.contains { $0 == ("note", "a=b") }, "a value keeps its own equals signs")
    }

    @Test func containerdKeysInCrunConfig() throws {
        let annotations = try OCIRuntimeState.annotations(file: "config.json", Array(Self.crunConfig.utf8))
        #expect(ContainerNames(annotations: annotations) == ContainerNames(
            pod: "api-7f9c", podNamespace: "prod", container: "app", podUID: "1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901"))
    }

    @Test func noAnnotationsNoNames() throws {
        let annotations = try OCIRuntimeState.annotations(file: "state.json", Array(#"{"config":{"labels":["bundle=/b"]}}"#.utf8))
        #expect(ContainerNames(annotations: annotations).isEmpty)
        #expect(ContainerNames(annotations: [("io.kubernetes.pod.name", "")]).isEmpty, "an empty value is no name")
    }

    @Test(arguments: [
        String(runcState.prefix(120)),  // truncated
        "", "null", "[1,2]", #"{"config":{"labels":"bundle=/b"}}"#, #"{"config":{}}"#,
        String(repeating: "[", count: 10_000),  // deeper than any state: refused, not a stack overflow
        #"{"config":{"labels":["\u00zz"]}}"#, #"{"a":1}{"#, "{\"config\":{\"labels\":[\"\u{01}\"]}}",
    ])
    func malformedStateIsAnError(text: String) {
        #expect(throws: ProcParseError.self) { try OCIRuntimeState.annotations(file: "state.json", Array(text.utf8)) }
    }

    /// Names are whatever the runtime was given: markup stays text, escapes decode.
    @Test func hostileValuesAreKeptAsText() throws {
        let text = #"{"config":{"labels":["io.kubernetes.pod.name=<img src=x onerror=alert(1)>","io.kubernetes.container.name=a\"b\\c\u00e9\ud83d\ude00\ud800"]}}"#
        let names = ContainerNames(annotations: try OCIRuntimeState.annotations(file: "state.json", Array(text.utf8)))
        #expect(names.pod == "<img src=x onerror=alert(1)>")
        #expect(names.container == "a\"b\\cé😀\u{FFFD}")
    }

    @Test func jsonParserReadsEveryKind() throws {
        let value = try JSONParser.parse(Array(#" {"a":[true,false,null,-1.5e3,"x"],"b":{}} "#.utf8))
        #expect(value == .object([
            ("a", .array([.bool(true), .bool(false), .null, .number("-1.5e3"), .string("x")])), ("b", .object([])),
        ]))
    }

    /// The cache reads each container once, counts what is malformed, and
    /// does not stall on a FIFO where a state file should be.
    @Test func cacheReadsOnceAndCountsErrors() throws {
        let root = try #require(TemporaryDirectory.make("namespace-exporter-oci"))
        defer {
            _ = try? Command.run(["rm", "-rf", root])
            #expect(access(root, F_OK) != 0, "scratch root left behind")
        }
        func write(_ id: String, _ text: String) throws {
            try #require(mkdir("\(root)/\(id)", 0o755) == 0)
            let file = fopen("\(root)/\(id)/state.json", "w")
            fputs(text, file)
            fclose(file)
        }
        try write("good", Self.runcState)
        try write("bad", String(Self.runcState.prefix(50)))
        try #require(mkdir("\(root)/fifo", 0o755) == 0)
        try #require(mkfifo("\(root)/fifo/state.json", 0o600) == 0)
        var cache = ContainerNameCache(roots: ["\(root)/absent", root])
        let found = cache.names(of: ["good", "bad", "fifo", "unknown", "../etc"], now: 0)
        #expect(found == ["good": ContainerNames(pod: "web-0", podNamespace: "shop", container: "nginx")])
        #expect(cache.takeParseErrors() == ["oci-state.json": 2], "the truncated file and the FIFO")
        unlink("\(root)/good/state.json")
        #expect(cache.names(of: ["good", "bad"], now: 1)["good"]?.pod == "web-0", "read once: the file is not asked again")
        #expect(cache.takeParseErrors() == [:], "a malformed file is not read and counted again")
        #expect(cache.names(of: [], now: 2).isEmpty)
        #expect(cache.names(of: ["good"], now: 3).isEmpty, "forgotten once gone, so read afresh (and now absent)")
    }
}
