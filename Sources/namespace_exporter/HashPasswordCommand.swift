import ArgumentParser
import NamespaceExporter
#if canImport(Glibc)
import Glibc
#endif

/// Prints a bcrypt hash for `basic_auth_users`, like `htpasswd -nBC 10 ""`.
struct HashPasswordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-password",
        abstract: "Read a password from stdin and print its bcrypt hash for --web.config.file's basic_auth_users."
    )

    @Option(help: "bcrypt cost (4 to 31).")
    var cost = 10

    func validate() throws {
        guard (4...31).contains(cost) else { throw ValidationError("--cost must be from 4 to 31") }
    }

    func run() throws {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("no password on stdin")
        }
        guard let hash = PasswordHash.make(line, cost: cost) else { throw CommandFailure(message: "hashing failed") }
        print(hash.text)
    }
}
