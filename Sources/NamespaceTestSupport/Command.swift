#if canImport(Glibc)
import Glibc
#endif

/// Runs a command to completion and captures its output (stderr folded into stdout).
public struct CommandResult: Sendable {
    public var status: Int32
    public var output: String
}

public enum Command {
    public static func run(_ arguments: [String]) throws -> CommandResult {
        let shellLine = arguments.map(shellQuote).joined(separator: " ") + " 2>&1"
        guard let pipe = popen(shellLine, "r") else {
            throw ChildProcess.SpawnError(description: "popen \(arguments[0]) failed")
        }
        let bytes = ProcReader.readStream(pipe)
        let status = pclose(pipe)
        return CommandResult(status: (status >> 8) & 0xff, output: String(decoding: bytes, as: UTF8.self))
    }

    /// True when `name` is on PATH.
    public static func available(_ name: String) -> Bool {
        (try? run(["sh", "-c", "command -v \(name)"]))?.status == 0
    }

    static func shellQuote(_ word: String) -> String {
        "'" + word.replacing("'", with: "'\\''") + "'"
    }
}

extension Command {
    /// Runs `arguments` with `input` on stdin (through a temporary file).
    public static func run(_ arguments: [String], input: String) throws -> CommandResult {
        var template = Array("/tmp/namespace-exporter-test-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw ChildProcess.SpawnError(description: "mkstemp failed") }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { unlink(path) }
        _ = input.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        close(fd)
        return try run(["sh", "-c", "exec \"$@\" < \(shellQuote(path))", "sh"] + arguments)
    }
}
