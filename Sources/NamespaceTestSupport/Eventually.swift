#if canImport(Glibc)
import Glibc
#endif

/// Whether `condition` holds within `seconds`, asked every quarter second:
/// for facts that settle (other processes come and go, scrapes accumulate).
public func eventually(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ChildProcess.now() + seconds
    while ChildProcess.now() < deadline {
        if try condition() { return true }
        usleep(250_000)
    }
    return try condition()
}
