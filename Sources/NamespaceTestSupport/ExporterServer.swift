#if canImport(Glibc)
import Glibc
#endif

/// The real binary, started as a user would start it, on a free loopback
/// port; tests stop it with `process.killTree()`.
public struct ExporterServer: Sendable {
    public let process: ChildProcess
    public let port: Int

    /// `user`: a prefix such as `setpriv --reuid=65534 --`; `binary`: another
    /// copy of the exporter (one with file capabilities).
    public init(_ flags: [String], user: [String] = [], binary: String = Binaries.namespaceExporter) throws {
        port = Loopback.freePort()
        process = try ChildProcess(user + [binary, "--web.listen-address=127.0.0.1:\(port)"] + flags)
        guard Loopback.waitUntilListening(port: port) else {
            process.killTree()
            throw ChildProcess.SpawnError(description: "exporter did not listen on \(port)")
        }
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    /// GET `path` with curl: the status, the header block and the body.
    public func get(_ path: String, headers: [String] = []) throws -> (status: Int, headers: String, body: String) {
        let result = try Command.run(["curl", "-sS", "--max-time", "30", "-D", "/dev/stderr", "-o", "/dev/stdout"]
                                     + headers.flatMap { ["-H", $0] } + ["\(url)\(path)"])
        // curl writes headers then body; split at the first blank line.
        let text = result.output.replacing("\r\n", with: "\n")
        let parts = text.split(separator: "\n\n", maxSplits: 1, omittingEmptySubsequences: false)
        let head = String(parts.first ?? "")
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, head, parts.count > 1 ? String(parts[1]) : "")
    }

    /// The value of the first sample line starting with `prefix`, in the body of `/metrics`.
    public static func value(of prefix: String, in body: String) -> Double? {
        body.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }
}
