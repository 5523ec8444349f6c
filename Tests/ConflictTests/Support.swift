import SyncModel

/// SplitMix64: a tiny, fast, deterministic generator, so a failing seed can be replayed.
/// (Test targets cannot share code without a helper target; this is the same generator
/// as in SyncModelTests.)
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `percent` / 100.
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &self) < percent }
}

func rid(_ text: String) -> ReplicaID {
    guard let id = ReplicaID(text) else { fatalError("test uses an invalid replica id '\(text)'") }
    return id
}

func dot(_ replica: String, _ counter: UInt64) -> Dot { Dot(replica: rid(replica), counter: counter) }

func hlc(_ wall: Int64, _ logical: UInt32 = 0, _ replica: String) -> HLCTimestamp {
    HLCTimestamp(wallMillis: wall, logical: logical, replica: rid(replica))
}

func vv(_ counters: [String: UInt64]) -> VersionVector {
    VersionVector(Dictionary(uniqueKeysWithValues: counters.map { (rid($0.key), $0.value) }))
}

/// Every ordering of `items` (Heap's algorithm).
func permutations<T>(_ items: [T]) -> [[T]] {
    var result: [[T]] = []
    var a = items
    func generate(_ k: Int) {
        if k <= 1 { result.append(a); return }
        generate(k - 1)
        for i in 0..<(k - 1) {
            a.swapAt(k % 2 == 0 ? i : 0, k - 1)
            generate(k - 1)
        }
    }
    generate(a.count)
    return result
}
