import CNamespaceShim

/// glibc raises its mmap threshold each time a large block is freed, so the
/// bodies made every sample (megabytes at 10,000 processes) end up in the
/// heap, which keeps the pages after they are freed. A fixed threshold makes
/// them mmap'd and unmapped on free: at 10,000 processes the exporter's
/// anonymous memory fell from 56 MB to 24 MB (README, Performance).
///
/// glibc also gives threads arenas of their own, up to eight per core; each
/// keeps what its threads freed. Two are enough for the sampler, the event
/// thread and two event loops: at 10,000 processes the steady RSS was 3.7 MiB
/// lower, mean of three runs each (README, Performance).
public enum HeapTuning {
    public static func returnLargeBlocksToTheKernel() {
        _ = mallopt(M_MMAP_THRESHOLD, 128 << 10)
        _ = mallopt(M_ARENA_MAX, 2)
    }
}
