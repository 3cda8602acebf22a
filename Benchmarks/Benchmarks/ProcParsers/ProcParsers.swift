import Benchmark
import NamespaceKit

/// One parse of one /proc file per iteration (no inner loop), so what the
/// table and the export show is the cost of one file. The inputs are made
/// in setup, outside the measurement; only the parse is timed.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 100,
        maxDuration: .seconds(1),
        maxIterations: 100_000
    )

    // What a measured iteration costs with nothing in it: subtract it from the fast ones.
    Benchmark("harness: empty iteration") { _ in
        blackHole(0)
    }

    // The String entry points, not the generic byte ones: called from another
    // module those run unspecialized (8-20x slower, hundreds of mallocs), which
    // the sampler, inside NamespaceKit, never does.
    parserBenchmark("parse stat", input: { ProcInputs.stat }, isClean: { $0?.startTime == 1_234_567 }) {
        try? ProcessStat(parsing: $0)
    }
    parserBenchmark("parse status (/proc/self)", input: { ProcInputs.ownStatus()[...] }, isClean: { $0?.uids.count == 4 }) {
        try? ProcessStatus(parsing: $0)
    }
    parserBenchmark("parse mountinfo 40 lines", input: { ProcInputs.mountinfo[...] }, isClean: { $0.values.count == 40 && $0.errors.isEmpty }) {
        MountEntry.parse(mountinfo: $0)
    }
    // The sampler's second pass over the same file: only the nsfs lines are kept.
    parserBenchmark("parse mountinfo nsfs 40 lines", input: { ProcInputs.mountinfo[...] }, isClean: { $0.values.count == 4 && $0.errors.isEmpty }) {
        NSFSMount.parse(mountinfo: $0)
    }
    parserBenchmark("parse cgroup v1 13 lines", input: { ProcInputs.cgroup[...] }, isClean: { $0.values.count == 13 && $0.errors.isEmpty }) {
        CgroupFile.paths($0)
    }
    parserBenchmark("attribute container from cgroup", input: { ProcInputs.cgroup }, isClean: { $0?.podUID != nil }) {
        ContainerAttribution(cgroupFile: $0)
    }
    parserBenchmark("parse net/dev 5 interfaces", input: { ProcInputs.netDev[...] }, isClean: { $0.values.count == 5 && $0.errors.isEmpty }) {
        NetDev.parse($0)
    }
    parserBenchmark("parse sockstat", input: { ProcInputs.sockstat[...] }, isClean: { $0.values.count == 5 && $0.errors.isEmpty }) {
        SockStat.parse($0)
    }
    parserBenchmark("parse uid_map 2 ranges", input: { ProcInputs.uidMap[...] }, isClean: { $0.values.count == 2 && $0.errors.isEmpty }) {
        IDMapRange.parse($0)
    }
    parserBenchmark("parse ns link", input: { ProcInputs.nsLink }, isClean: { $0?.ino == 4_026_531_840 }) {
        NamespaceLink(parsing: $0)
    }
}

/// Registers a benchmark of `work` on `input`; setup refuses an input that
/// does not parse cleanly, so the error path is never what gets timed.
func parserBenchmark<Input, Output>(
    _ name: String, input: @escaping () -> Input, isClean: @escaping (Output) -> Bool,
    _ work: @escaping (Input) -> Output
) {
    Benchmark(name) { benchmark, input in
        for _ in benchmark.scaledIterations {
            blackHole(work(input))
        }
    } setup: {
        let value = input()
        precondition(isClean(work(value)), "\(name): the input does not parse cleanly")
        return value
    }
}
