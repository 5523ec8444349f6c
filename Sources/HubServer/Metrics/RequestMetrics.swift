import Synchronization

/// Request counts and a latency histogram per route, kept in memory since start.
public final class RequestMetrics: Sendable {
    /// Upper bounds of the latency buckets, seconds.
    public static let buckets: [Double] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct Histogram {
        var counts = [UInt64](repeating: 0, count: RequestMetrics.buckets.count)
        var total: UInt64 = 0
        var sum: Double = 0
    }

    struct State {
        var latency: [String: Histogram] = [:]
        /// "route status" -> count
        var requests: [String: UInt64] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public func observe(route: String, status: Int, seconds: Double) {
        state.withLock { state in
            var histogram = state.latency[route] ?? Histogram()
            for (index, bound) in Self.buckets.enumerated() where seconds <= bound { histogram.counts[index] += 1 }
            histogram.total += 1
            histogram.sum += seconds
            state.latency[route] = histogram
            state.requests["\(route) \(status)", default: 0] += 1
        }
    }

    /// The Prometheus text lines for requests and latency.
    func exposition() -> [String] {
        let snapshot = state.withLock { $0 }
        var lines = [
            "# HELP halamj_http_requests_total HTTP requests served, by route and status.",
            "# TYPE halamj_http_requests_total counter",
        ]
        for (key, count) in snapshot.requests.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: " ")
            lines.append("halamj_http_requests_total{route=\"\(parts[0])\",status=\"\(parts[1])\"} \(count)")
        }
        lines += [
            "# HELP halamj_http_request_duration_seconds Time to answer a request, by route.",
            "# TYPE halamj_http_request_duration_seconds histogram",
        ]
        for (route, histogram) in snapshot.latency.sorted(by: { $0.key < $1.key }) {
            for (index, bound) in Self.buckets.enumerated() {
                lines.append("halamj_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"\(bound)\"} \(histogram.counts[index])")
            }
            lines.append("halamj_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"+Inf\"} \(histogram.total)")
            lines.append("halamj_http_request_duration_seconds_sum{route=\"\(route)\"} \(histogram.sum)")
            lines.append("halamj_http_request_duration_seconds_count{route=\"\(route)\"} \(histogram.total)")
        }
        return lines
    }
}
