/// A /proc file, or one line of it, that does not have the kernel's format:
/// which file and why. Parsers throw it (one record) or collect it
/// (`ParsedLines`); the sampler counts it per file and goes on.
public struct ProcParseError: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Hashable, Sendable {
        /// The read stopped at its size limit: the end of the file is missing.
        case truncated
        /// Fewer fields than the format has.
        case tooFewFields(Int)
        /// A field that must be a number is not.
        case badNumber(field: String)
        /// A separator or marker the format requires is absent.
        case missing(String)
    }

    /// The file's name under `/proc/<pid>/`: `stat`, `mountinfo`, …
    public var file: String
    public var reason: Reason

    public init(_ file: String, _ reason: Reason) {
        self.file = file
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .truncated: "malformed \(file): truncated at the read limit"
        case .tooFewFields(let count): "malformed \(file): only \(count) fields"
        case .badNumber(let field): "malformed \(file): \(field) is not a number"
        case .missing(let what): "malformed \(file): no \(what)"
        }
    }
}

/// The records of a line-oriented file that parsed, and an error for each
/// line that did not.
public struct ParsedLines<Value> {
    public var values: [Value] = []
    public var errors: [ProcParseError] = []

    public init() {}

    /// Each non-empty line through `parse`; `truncated`: the read hit its
    /// limit, so the last line is cut and counted as such, not parsed.
    public init(_ text: Substring, truncated: Bool = false, file: String, _ parse: (Substring) throws(ProcParseError) -> Value?) {
        // Split on bytes: splitting Characters costs grapheme breaking per byte.
        var lines = text.utf8.split(separator: UInt8(ascii: "\n")).map { Substring($0) }[...]
        if truncated {
            errors.append(ProcParseError(file, .truncated))
            if !text.hasSuffix("\n") { lines = lines.dropLast() }
        }
        for line in lines {
            do {
                if let value = try parse(line) { values.append(value) }
            } catch {
                errors.append(error)
            }
        }
    }
}

extension ParsedLines: Sendable where Value: Sendable {}
