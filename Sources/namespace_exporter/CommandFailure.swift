/// A failure at run time (not a usage error): ArgumentParser prints
/// `Error: <description>` without the usage text and exits 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ error: any Error) {
        description = "\(error)"
    }

    init(message: String) {
        description = message
    }
}
