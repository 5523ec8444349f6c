extension Duration {
    /// The duration in seconds, fractions included (timing a request to measure the link).
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
