import SyncModel
import Testing

/// Whatever order a replica receives copies of one record in, it ends in the same state.
@Suite("Order independence")
struct OrderIndependenceTests {
    /// Five copies of one case, written out by hand:
    ///   c0: soum-4305 creates it (name, phone)                           a:1
    ///   c1: from c0, soum-4306 renames                                    b:1
    ///   c2: from c0, the hub renames and deletes, concurrent with c1     h:1
    ///   c3: c1 ⊔ c2, then the national hub changes the phone              n:1
    ///   c4: from c1, soum-4307 renames again, having seen c1's name      e:1
    static func handWrittenCopies() -> [Record] {
        let base = Record(collection: "cases", id: "4305-2026-000123", office: "soum-4305")
        var c0 = base
        c0.write(["name": "a-name", "phone": "a-phone"], dot: dot("soum-4305", 1), hlc: hlc(1_000, 0, "soum-4305"))
        var c1 = c0
        c1.write(["name": "b-name"], dot: dot("soum-4306", 1), hlc: hlc(2_000, 0, "soum-4306"))
        var c2 = c0
        c2.write(["name": "h-name", Record.tombstoneField: "true"], dot: dot("hub-43", 1), hlc: hlc(1_500, 0, "hub-43"))
        var c3 = c1.merged(with: c2)
        c3.write(["phone": "n-phone"], dot: dot("hub-national", 1), hlc: hlc(3_000, 0, "hub-national"))
        var c4 = c1
        c4.write(["name": "e-name"], dot: dot("soum-4307", 1), hlc: hlc(1_200, 0, "soum-4307"))
        return [c0, c1, c2, c3, c4]
    }

    static func fold(_ copies: [Record]) -> Record {
        copies.dropFirst().reduce(copies[0]) { $0.merged(with: $1) }
    }

    /// The same copies merged as a tree instead of one after another.
    static func tree(_ p: [Record]) -> Record {
        p[0].merged(with: p[1]).merged(with: p[2].merged(with: p[3].merged(with: p[4])))
    }

    @Test func permutationsOfFiveCopiesAreAllDistinct() {
        let orders = permutations(Array(0..<5))
        #expect(orders.count == 120)
        #expect(Set(orders.map { $0.map(String.init).joined() }).count == 120)
    }

    @Test func mergingFiveCopiesInEveryOrderGivesTheSameRecord() {
        let copies = Self.handWrittenCopies()
        // Worked out by hand from DESIGN §4: b-name is replaced by e-name (soum-4307 saw it),
        // h-name is concurrent with both renames and stays; a-name was seen by everyone.
        let expectedName: Set<FieldEntry> = [
            FieldEntry(value: "h-name", dot: dot("hub-43", 1), hlc: hlc(1_500, 0, "hub-43")),
            FieldEntry(value: "e-name", dot: dot("soum-4307", 1), hlc: hlc(1_200, 0, "soum-4307")),
        ]
        let expectedVector = vv(["soum-4305": 1, "soum-4306": 1, "hub-43": 1, "hub-national": 1, "soum-4307": 1])
        let first = Self.fold(copies)
        #expect(Set(first.entries("name")) == expectedName)
        #expect(first.entries("phone").map(\.value) == ["n-phone"])
        #expect(first.entries(Record.tombstoneField).map(\.value) == ["true"])
        #expect(first.vector == expectedVector)
        #expect(first.fieldsWithSiblings == ["name"])
        #expect(first.value("name") == "h-name", "the highest clock reading among the siblings")

        for order in permutations(Array(0..<5)) {
            let p = order.map { copies[$0] }
            #expect(Self.fold(p) == first, "order \(order)")
            #expect(Self.tree(p) == first, "tree order \(order)")
        }
    }

    /// Five replicas' final copies after a random run of local writes and pairwise merges.
    static func randomCopies(seed: UInt64) -> [Record] {
        var rng = SplitMix64(seed: seed)
        let names = ["hub-43", "soum-4305", "soum-4306", "soum-4307", "soum-4308"]
        var counters = [UInt64](repeating: 0, count: names.count)
        var clocks = names.map { HybridClock(replica: rid($0)) }
        var copies = [Record](repeating: Record(collection: "cases", id: "r", office: "soum-4305"), count: names.count)
        var now: Int64 = 0
        for _ in 0..<40 {
            now += Int64.random(in: 0...10, using: &rng)
            let i = Int.random(in: 0..<names.count, using: &rng)
            if rng.chance(60) {
                counters[i] += 1
                var changes: [String: String] = [:]
                for field in ["name", "phone", Record.tombstoneField] where rng.chance(50) {
                    changes[field] = "\(names[i])#\(counters[i])"
                }
                if changes.isEmpty { changes["name"] = "\(names[i])#\(counters[i])" }
                copies[i].write(changes, dot: Dot(replica: rid(names[i]), counter: counters[i]), hlc: clocks[i].tick(now: now))
            } else {
                let j = Int.random(in: 0..<names.count, using: &rng)
                copies[i] = copies[i].merged(with: copies[j])
            }
        }
        return copies
    }

    @Test(arguments: UInt64(1)...12)
    func mergingRandomCopiesInEveryOrderGivesTheSameRecord(seed: UInt64) {
        let copies = Self.randomCopies(seed: seed)
        let first = Self.fold(copies)
        for copy in copies {
            #expect(copy.isCovered(by: first), "seed \(seed)")
        }
        for order in permutations(Array(0..<5)) {
            let p = order.map { copies[$0] }
            let folded = Self.fold(p)
            #expect(folded == first, "seed \(seed) order \(order)")
            #expect(Self.tree(p) == first, "seed \(seed) tree order \(order)")
            if folded != first { return }
        }
    }

    @Test func theRandomCopiesIncludeConflicts() {
        let withSiblings = (UInt64(1)...12).filter { !Self.fold(Self.randomCopies(seed: $0)).fieldsWithSiblings.isEmpty }
        #expect(withSiblings.count >= 3, "only seeds \(withSiblings) end with siblings")
    }
}
