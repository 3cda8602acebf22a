#if canImport(Glibc)
import Glibc
#endif

/// The symbolic name of an errno (`ENOSPC`): what probe_failure_info's
/// `reason` says, since operators search for those, not for the numbers.
public func errnoName(_ code: Int32) -> String {
    errnoNames[code] ?? "errno_\(code)"
}

private let errnoNames: [Int32: String] = [
    EPERM: "EPERM", ENOENT: "ENOENT", ESRCH: "ESRCH", EINTR: "EINTR", EIO: "EIO", E2BIG: "E2BIG",
    EBADF: "EBADF", ECHILD: "ECHILD", EAGAIN: "EAGAIN", ENOMEM: "ENOMEM", EACCES: "EACCES",
    EFAULT: "EFAULT", EBUSY: "EBUSY", EEXIST: "EEXIST", ENOTDIR: "ENOTDIR", EISDIR: "EISDIR",
    EINVAL: "EINVAL", ENFILE: "ENFILE", EMFILE: "EMFILE", ENOSPC: "ENOSPC", EROFS: "EROFS",
    EPIPE: "EPIPE", ERANGE: "ERANGE", ENOSYS: "ENOSYS", EUSERS: "EUSERS", ENODEV: "ENODEV",
    EOPNOTSUPP: "EOPNOTSUPP", EADDRINUSE: "EADDRINUSE", EADDRNOTAVAIL: "EADDRNOTAVAIL",
    ENETDOWN: "ENETDOWN", ENETUNREACH: "ENETUNREACH", ECONNRESET: "ECONNRESET", ETIMEDOUT: "ETIMEDOUT",
    ECONNREFUSED: "ECONNREFUSED", EHOSTUNREACH: "EHOSTUNREACH", EIDRM: "EIDRM", ENOMSG: "ENOMSG",
    EAFNOSUPPORT: "EAFNOSUPPORT",
]
