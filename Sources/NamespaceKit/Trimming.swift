extension StringProtocol {
    /// Without leading and trailing spaces and tabs: what /proc files, config
    /// files and HTTP header lists pad their fields with (Foundation's
    /// trimmingCharacters, which the exporter does not link).
    public var trimmingSpaces: SubSequence {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        return self[first...last]
    }
}
