#if canImport(Glibc)
import Glibc
#endif

/// Set by `make test-asan` / `make test-tsan`. The probe child runs between
/// `clone(CLONE_VM)` and `_exit` on a stack and thread the sanitizer runtime
/// never saw (sharing the cloning thread's TLS), so the runtime cannot
/// follow it: tests that start probe children do not run under a sanitizer.
public enum Sanitizer {
    public static var active: Bool { getenv("NAMESPACE_EXPORTER_SANITIZER") != nil }
}
