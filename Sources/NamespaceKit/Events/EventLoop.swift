import Dispatch
import Synchronization

/// The thread an event source reads on, and the stream it feeds: started
/// once, read until `stop()` (or the source gives up), then finished.
final class EventLoop: Sendable {
    private let queue: DispatchQueue
    private let stopped = Atomic<Bool>(false)

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    var isStopped: Bool { stopped.load(ordering: .relaxed) }

    func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    /// Runs `read` on the loop's thread; the stream finishes when it returns.
    func start<Element: Sendable>(
        _ policy: AsyncStream<Element>.Continuation.BufferingPolicy,
        _ read: @escaping @Sendable (AsyncStream<Element>.Continuation) -> Void
    ) -> AsyncStream<Element> {
        let (stream, continuation) = AsyncStream<Element>.makeStream(bufferingPolicy: policy)
        queue.async {
            read(continuation)
            continuation.finish()
        }
        return stream
    }
}
