import SyncModel

/// A replica id that is known to be valid.
public func rid(_ text: String) -> ReplicaID {
    guard let id = ReplicaID(text) else { fatalError("test uses an invalid replica id '\(text)'") }
    return id
}

public func dot(_ replica: String, _ counter: UInt64) -> Dot { Dot(replica: rid(replica), counter: counter) }

public func hlc(_ wall: Int64, _ logical: UInt32 = 0, _ replica: String) -> HLCTimestamp {
    HLCTimestamp(wallMillis: wall, logical: logical, replica: rid(replica))
}

public func vv(_ counters: [String: UInt64]) -> VersionVector {
    VersionVector(Dictionary(uniqueKeysWithValues: counters.map { (rid($0.key), $0.value) }))
}
