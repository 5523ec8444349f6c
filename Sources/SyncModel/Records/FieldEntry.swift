/// One value of one field, named by the write that set it. A field holds one entry,
/// or after concurrent writes several (siblings) until a write that saw them all.
public struct FieldEntry: Hashable, Sendable {
    public let value: String
    public let dot: Dot
    public let hlc: HLCTimestamp

    public init(value: String, dot: Dot, hlc: HLCTimestamp) {
        precondition(dot.replica == hlc.replica, "an entry's clock reading belongs to its writer")
        self.value = value
        self.dot = dot
        self.hlc = hlc
    }
}

extension FieldEntry: Codable {
    private enum CodingKeys: String, CodingKey {
        case value, replica, counter, wall, logical
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let replica = try c.decode(ReplicaID.self, forKey: .replica)
        let counter = try c.decode(UInt64.self, forKey: .counter)
        guard counter > 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .counter, in: c, debugDescription: "a write's counter starts at 1")
        }
        self.init(
            value: try c.decode(String.self, forKey: .value),
            dot: Dot(replica: replica, counter: counter),
            hlc: HLCTimestamp(
                wallMillis: try c.decode(Int64.self, forKey: .wall),
                logical: try c.decode(UInt32.self, forKey: .logical),
                replica: replica))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .value)
        try c.encode(dot.replica, forKey: .replica)
        try c.encode(dot.counter, forKey: .counter)
        try c.encode(hlc.wallMillis, forKey: .wall)
        try c.encode(hlc.logical, forKey: .logical)
    }
}
