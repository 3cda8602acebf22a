import FuzzDriver
import NamespaceKit

/// `proc-fuzzer TARGET [libFuzzer options]`: one /proc parser per target.
/// A parser may refuse its input with an error; it must never crash, hang
/// or read past what it was given.
enum ProcFuzzer {
static let targets: [String: @Sendable ([UInt8]) -> Void] = [
    "stat": { bytes in _ = try? ProcessStat(parsing: bytes) },
    "status": { bytes in _ = try? ProcessStatus(parsing: Substring(String(decoding: bytes, as: UTF8.self))) },
    "mountinfo": { bytes in
        let text = Substring(String(decoding: bytes, as: UTF8.self))
        _ = MountEntry.parse(mountinfo: text)
        _ = NSFSMount.parse(mountinfo: text)
    },
    "cgroup": { bytes in _ = CgroupFile.paths(Substring(String(decoding: bytes, as: UTF8.self))) },
    "netdev": { bytes in _ = NetDev.parse(Substring(String(decoding: bytes, as: UTF8.self))) },
    "sockstat": { bytes in _ = SockStat.parse(Substring(String(decoding: bytes, as: UTF8.self))) },
    "conntrack": { bytes in _ = try? ConntrackStat.entries(Substring(String(decoding: bytes, as: UTF8.self))) },
    "idmap": { bytes in _ = IDMapRange.parse(Substring(String(decoding: bytes, as: UTF8.self))) },
    "sysvipc": { bytes in
        let text = Substring(String(decoding: bytes, as: UTF8.self))
        _ = SysVIPC.objects(text)
        _ = SysVIPC.sharedMemoryBytes(text)
    },
    "nslink": { bytes in _ = NamespaceLink(parsing: bytes) },
    // Not /proc, but as untrusted: an OCI runtime's state.json and crun's config.json copy.
    "ocistate": { bytes in
        for file in OCIRuntimeState.files {
            _ = (try? OCIRuntimeState.annotations(file: file, bytes)).map { ContainerNames(annotations: $0) }
        }
    },
]

nonisolated(unsafe) static var selected: @Sendable ([UInt8]) -> Void = { _ in }
}

@_cdecl("proc_fuzzer_main")
func procFuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    guard argc >= 2, let name = argv[1].map({ String(cString: $0) }), let target = ProcFuzzer.targets[name] else {
        print("usage: proc-fuzzer {\(ProcFuzzer.targets.keys.sorted().joined(separator: ","))} [libFuzzer options]")
        return 2
    }
    ProcFuzzer.selected = target
    // libFuzzer sees the program name and the options after the target's name.
    argv[1] = argv[0]
    var count = argc - 1
    var rest: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv + 1
    return LLVMFuzzerRunDriver(&count, &rest) { data, size in
        ProcFuzzer.selected(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
}
