#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` on a new detached thread. Probes block in poll() and
/// waitpid() for up to their timeout: each gets a thread of its own (the
/// runner admits at most a few at once), never a slot of Dispatch's
/// CPU-wide pool, which would run only one probe per core.
func runOnDetachedThread(_ body: @escaping @Sendable () -> Void) {
    final class Box: @unchecked Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    var thread = pthread_t()
    let started = pthread_create(&thread, nil, { argument in
        let box = Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue()
        box.body()
        return nil
    }, box)
    if started == 0 {
        pthread_detach(thread)
    } else {
        // No thread to be had: run here rather than lose the probe.
        Unmanaged<Box>.fromOpaque(box).takeRetainedValue().body()
    }
}
