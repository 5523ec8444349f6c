/// Incarnations of one replica: a replica restored from a backup writes under a new id
/// `<id>_r<time>` (its old counters name writes its peers already hold), and stays the
/// same office or hub.
public enum ReplicaLineage {
    /// The id a replica had before any restore: `soum-4305_rk3x9` -> `soum-4305`.
    public static func base(of id: String) -> String {
        guard let marker = id.range(of: "_r", options: .backwards) else { return id }
        let tail = id[marker.upperBound...]
        guard !tail.isEmpty, tail.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber) }) else { return id }
        return String(id[..<marker.lowerBound])
    }
}
