extension Duration {
    /// This duration in seconds, as a Double (for exposition and tables).
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
