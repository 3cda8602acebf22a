import NIOCore
import Synchronization

/// The families that change only with a sample (every per-namespace
/// series): rendered once per sample and format, on first use, and reused
/// by every publication of that sample — churn published between samples
/// adds only its own families, in text or OpenMetrics alike.
public final class SampleFamilies: Sendable {
    struct Rendered: Sendable {
        /// Without OpenMetrics' `# EOF`: the live families follow. Bytes,
        /// so that every body of this sample shares them instead of copying.
        let bytes: ByteBuffer
        let droppedSeries: Int
    }

    private let make: @Sendable (ExpositionWriter.Format) -> Rendered
    private let rendered = Mutex<[ExpositionWriter.Format: Rendered]>([:])

    init(make: @escaping @Sendable (ExpositionWriter.Format) -> Rendered) {
        self.make = make
    }

    /// Blocks a second caller for the same format until the first has made it.
    func rendered(_ format: ExpositionWriter.Format) -> Rendered {
        rendered.withLock { rendered in
            if let made = rendered[format] { return made }
            let made = make(format)
            rendered[format] = made
            return made
        }
    }
}
