/// A record's causal context: for each replica that wrote the record, the highest
/// counter of its writes that this copy has seen. Entries exist only for writers.
public struct VersionVector: Hashable, Sendable, CustomStringConvertible {
    public private(set) var counters: [ReplicaID: UInt64]

    public init(_ counters: [ReplicaID: UInt64] = [:]) {
        self.counters = counters.filter { $0.value > 0 }
    }

    public subscript(replica: ReplicaID) -> UInt64 {
        counters[replica] ?? 0
    }

    /// Whether this copy has seen the write named by `dot`.
    public func covers(_ dot: Dot) -> Bool {
        self[dot.replica] >= dot.counter
    }

    /// Whether every write this vector has seen, `other` has seen too.
    public func isCovered(by other: VersionVector) -> Bool {
        counters.allSatisfy { other[$0.key] >= $0.value }
    }

    public mutating func advance(_ replica: ReplicaID, to counter: UInt64) {
        if counter > self[replica] { counters[replica] = counter }
    }

    /// The pointwise maximum.
    public func merged(with other: VersionVector) -> VersionVector {
        var result = self
        for (replica, counter) in other.counters { result.advance(replica, to: counter) }
        return result
    }

    /// `hub-43:9,soum-4305:14`: a vector written into a field value (the context a
    /// deletion was made in).
    public var compactText: String {
        counters.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",")
    }

    public init?(compactText: String) {
        var counters: [ReplicaID: UInt64] = [:]
        for part in compactText.split(separator: ",") {
            guard let colon = part.lastIndex(of: ":"),
                  let replica = ReplicaID(String(part[..<colon])),
                  let counter = UInt64(part[part.index(after: colon)...]) else { return nil }
            counters[replica] = counter
        }
        self.init(counters)
    }

    public var description: String {
        "{" + counters.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",") + "}"
    }
}

extension VersionVector: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode([String: UInt64].self)
        var counters: [ReplicaID: UInt64] = [:]
        for (key, value) in raw {
            guard let replica = ReplicaID(key) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "invalid replica id '\(key)' in version vector")
            }
            counters[replica] = value
        }
        self.init(counters)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: counters.map { ($0.key.rawValue, $0.value) }))
    }
}
