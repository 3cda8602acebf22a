import CNamespaceShim
import NamespaceKit
#if canImport(Glibc)
import Glibc
#endif

/// net: only `lo` exists inside; it comes up; a TCP port the host holds is free inside.
final class NetIsolation: IsolationCheck {
    private var hostSocket: Int32 = -1
    private var port: UInt16 = 0

    var requiredCapabilities: [Capability] { [.sysAdmin, .netAdmin] }
    var childCapabilities: [Capability] { [.netAdmin] }

    func prepare(_ request: inout cns_probe_request, _ context: ProbeContext) throws(ProbeFailure) {
        (hostSocket, port) = try Self.listenOnLoopback()
        request.loopback_port = Int32(port)
    }

    func childReady(_ report: cns_probe_report, _ go: inout cns_probe_go, _ context: ProbeContext, _ checks: inout [CheckResult]) throws(ProbeFailure) {
        switch context.childFile("net/dev") {
        case .success(let text):
            let names = NetDev.interfaceNames(text[...]).values
            checks.append(CheckResult("net_only_loopback", names == ["lo"], "interfaces: \(names.joined(separator: ","))"))
        case .failure(let failure):
            checks.append(CheckResult("net_only_loopback", false, failure.message))
        }
    }

    func childDone(_ report: cns_probe_report, _ context: ProbeContext, _ checks: inout [CheckResult], _ observations: inout [Observation]) {
        let flags = report.loopback_flags
        checks.append(CheckResult(
            "net_loopback_up", flags >= 0 && flags & Int32(IFF_UP) != 0,
            flags < 0 ? errnoName(-flags) : "flags: 0x\(String(flags, radix: 16))"))
        checks.append(.errno("net_host_port_free_inside", report.bind_errno, passed: "bound 127.0.0.1:\(port), which the host holds"))
    }

    func release() {
        if hostSocket >= 0 { close(hostSocket) }
        hostSocket = -1
    }

    /// A TCP socket listening on 127.0.0.1 at a port the kernel picks.
    static func listenOnLoopback(backlog: Int32 = 1) throws(ProbeFailure) -> (Int32, UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .errno(errno, step: "host_socket", "socket() on the host failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(fd, generic, size) == 0 && listen(fd, backlog) == 0 && getsockname(fd, generic, &size) == 0
            }
        }
        guard bound else {
            let code = errno
            close(fd)
            throw .errno(code, step: "host_socket", "binding a loopback port on the host failed")
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }
}
