import CNamespaceShim
import NamespaceKit
#if canImport(Glibc)
import Glibc
#endif

/// Joins an existing namespace with setns() in the child (a single-threaded
/// process: setns into a mount namespace refuses a multi-threaded caller) and
/// looks inside: net: its interfaces and their state, and optionally a TCP
/// connect; uts: its hostname; mnt: whether a path exists.
final class JoinCheck: IsolationCheck {
    private let settings: JoinSettings
    private let target: ProbeTarget
    private var fd: Int32 = -1
    private var inode: UInt64 = 0
    private var interfaces: [String] = []

    init(_ settings: JoinSettings, target: ProbeTarget) {
        self.settings = settings
        self.target = target
    }

    var requiredCapabilities: [Capability] { settings.type == .mnt ? [.sysAdmin, .sysChroot] : [.sysAdmin] }
    var childCapabilities: [Capability] { settings.type == .mnt ? [.dacReadSearch] : [] }

    func prepare(_ request: inout cns_probe_request, _ context: ProbeContext) throws(ProbeFailure) {
        fd = open(target.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw ProbeFailure(
                reason: code == ENOENT ? "target_not_found" : errnoName(code), step: "target",
                message: "cannot open \(target.path): \(errnoName(code))")
        }
        let type = cns_get_nstype(fd)
        guard type == settings.type.cloneFlag else {
            throw ProbeFailure(reason: "bad_target", step: "target", message: "\(target.path) is not a \(settings.type.rawValue) namespace")
        }
        var info = stat()
        if fstat(fd, &info) == 0 { inode = UInt64(info.st_ino) }
        request.join_fd = fd
        request.join_nstype = type
        if let path = settings.path, !copyCString(path, into: &request.access_path) {
            throw ProbeFailure(reason: "config", step: "prepare", message: "path too long: \(path)")
        }
        if let connect = settings.connect {
            guard let address = SocketAddress(parsing: connect) else {
                throw ProbeFailure(reason: "config", step: "prepare", message: "bad connect address \(connect)")
            }
            withUnsafeMutableBytes(of: &request.connect_address) { $0.copyBytes(from: address.bytes) }
            request.connect_length = UInt32(address.bytes.count)
            request.connect_timeout_ms = 10_000  // the probe's own deadline cuts it shorter
        }
    }

    func childReady(_ report: cns_probe_report, _ go: inout cns_probe_go, _ context: ProbeContext, _ checks: inout [CheckResult]) throws(ProbeFailure) {
        let link = context.proc.readLink("\(context.childPID)/ns/\(settings.type.rawValue)")
        checks.append(CheckResult(
            "join_entered", link?.ino == inode, "\(target.path) is \(settings.type.rawValue):[\(inode)], child in \(link.map { "\($0.type.rawValue):[\($0.ino)]" } ?? "?")"))
        guard settings.type == .net, case .success(let text) = context.childFile("net/dev") else { return }
        interfaces = Array(NetDev.interfaceNames(text[...]).values.prefix(Int(CNS_PROBE_MAX_INTERFACES)))
        go.interface_count = Int32(interfaces.count)
        withUnsafeMutableBytes(of: &go.interfaces) { buffer in
            for (index, name) in interfaces.enumerated() {
                let bytes = Array(name.utf8.prefix(15))
                UnsafeMutableRawBufferPointer(rebasing: buffer[(index * 16)..<(index * 16 + 16)]).copyBytes(from: bytes + [0])
            }
        }
    }

    func childDone(_ report: cns_probe_report, _ context: ProbeContext, _ checks: inout [CheckResult], _ observations: inout [Observation]) {
        switch settings.type {
        case .net:
            let flags = withUnsafeBytes(of: report.interface_flags) { Array($0.bindMemory(to: Int32.self)) }
            for (name, value) in zip(interfaces, flags) where value >= 0 {
                observations.append(Observation("interface_up", [("interface", name)], value & Int32(IFF_UP) != 0 ? 1 : 0))
            }
            checks.append(CheckResult("net_interfaces_listed", !interfaces.isEmpty, interfaces.joined(separator: ",")))
            if let connect = settings.connect {
                checks.append(.errno("net_connect", report.connect_errno, passed: "connected to \(connect)"))
            }
        case .uts:
            let hostname = cString(of: report.nodename)
            observations.append(Observation("hostname_info", [("hostname", hostname)], 1))
            checks.append(CheckResult("uts_hostname_read", !hostname.isEmpty, hostname))
        case .mnt:
            if let path = settings.path {
                checks.append(.errno("mnt_path_exists", report.access_errno, passed: "\(path) exists"))
            }
        default:
            break
        }
    }

    func release() {
        if fd >= 0 { close(fd) }
        fd = -1
    }
}
