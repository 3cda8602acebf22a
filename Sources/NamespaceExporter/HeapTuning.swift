import CNamespaceShim

/// glibc raises its mmap threshold each time a large block is freed, so the
/// bodies made every sample (megabytes at 10,000 processes) end up in the
/// heap, which keeps the pages after they are freed. A fixed threshold makes
/// them mmap'd and unmapped on free: at 10,000 processes the exporter's
/// anonymous memory fell from 56 MB to 24 MB (README, Performance).
public enum HeapTuning {
    public static func returnLargeBlocksToTheKernel() {
        _ = mallopt(M_MMAP_THRESHOLD, 128 << 10)
    }
}
