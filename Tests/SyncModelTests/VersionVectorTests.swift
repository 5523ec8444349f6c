import Foundation
import SyncModel
import Testing

@Suite("Version vectors")
struct VersionVectorTests {
    @Test func aVectorCoversEveryWriteUpToItsCounterAndNoneBeyond() {
        let v = vv(["soum-4305": 3, "hub-43": 1])
        #expect(v.covers(dot("soum-4305", 1)))
        #expect(v.covers(dot("soum-4305", 3)))
        #expect(!v.covers(dot("soum-4305", 4)))
        #expect(v.covers(dot("hub-43", 1)))
        #expect(!v.covers(dot("hub-43", 2)))
        #expect(!v.covers(dot("soum-4306", 1)), "a replica the vector has never heard of")
        #expect(!VersionVector().covers(dot("soum-4305", 1)))
    }

    @Test func aMissingReplicaReadsAsZero() {
        let v = vv(["soum-4305": 7])
        #expect(v[rid("soum-4305")] == 7)
        #expect(v[rid("hub-43")] == 0)
    }

    struct CoverageCase: Sendable, CustomTestStringConvertible {
        let lhs: [String: UInt64]
        let rhs: [String: UInt64]
        let lhsCoveredByRhs: Bool
        var testDescription: String { "\(lhs) ⊑ \(rhs) is \(lhsCoveredByRhs)" }
    }

    @Test(arguments: [
        CoverageCase(lhs: [:], rhs: [:], lhsCoveredByRhs: true),
        CoverageCase(lhs: [:], rhs: ["a": 1], lhsCoveredByRhs: true),
        CoverageCase(lhs: ["a": 1], rhs: [:], lhsCoveredByRhs: false),
        CoverageCase(lhs: ["a": 2], rhs: ["a": 2], lhsCoveredByRhs: true),
        CoverageCase(lhs: ["a": 2], rhs: ["a": 3, "b": 1], lhsCoveredByRhs: true),
        CoverageCase(lhs: ["a": 3], rhs: ["a": 2, "b": 9], lhsCoveredByRhs: false),
        CoverageCase(lhs: ["a": 1, "b": 1], rhs: ["a": 5], lhsCoveredByRhs: false),
        CoverageCase(lhs: ["a": 1, "b": 1], rhs: ["b": 5], lhsCoveredByRhs: false),
        CoverageCase(lhs: ["a": 1, "b": 1], rhs: ["a": 1, "b": 1, "c": 1], lhsCoveredByRhs: true),
    ])
    func aVectorIsCoveredExactlyByVectorsThatHaveSeenAtLeastAsMuch(_ c: CoverageCase) {
        #expect(vv(c.lhs).isCovered(by: vv(c.rhs)) == c.lhsCoveredByRhs)
    }

    @Test func twoDifferentVectorsNeverCoverEachOther() {
        let a = vv(["a": 2, "b": 1])
        let b = vv(["a": 1, "b": 2])
        #expect(!a.isCovered(by: b))
        #expect(!b.isCovered(by: a))
        #expect(a.isCovered(by: a))
    }

    @Test func mergingTakesThePointwiseMaximum() {
        let a = vv(["soum-4305": 3, "hub-43": 1])
        let b = vv(["hub-43": 4, "soum-4306": 2])
        let expected = vv(["soum-4305": 3, "hub-43": 4, "soum-4306": 2])
        #expect(a.merged(with: b) == expected)
        #expect(b.merged(with: a) == expected)
        #expect(a.merged(with: a) == a)
        #expect(a.merged(with: VersionVector()) == a)
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func theMergeIsTheLeastVectorThatCoversBoth(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let replicas = ["a", "b", "c", "d"]
        func random() -> VersionVector {
            var counters: [String: UInt64] = [:]
            for r in replicas where rng.chance(60) { counters[r] = UInt64.random(in: 0...6, using: &rng) }
            return vv(counters)
        }
        for _ in 0..<200 {
            let a = random(), b = random()
            let m = a.merged(with: b)
            #expect(a.isCovered(by: m) && b.isCovered(by: m), "seed \(seed): \(a) ⊔ \(b) = \(m)")
            for r in replicas {
                #expect(m[rid(r)] == max(a[rid(r)], b[rid(r)]), "seed \(seed): \(a) ⊔ \(b) = \(m) at \(r)")
            }
        }
    }

    @Test func zeroCountersAreDroppedSoVectorsStaySmall() {
        let v = vv(["soum-4305": 0, "hub-43": 2])
        #expect(v.counters == [rid("hub-43"): 2])
        #expect(v == vv(["hub-43": 2]))
        #expect(VersionVector([rid("soum-4305"): 0]) == VersionVector())
        #expect(VersionVector([rid("soum-4305"): 0]).counters.isEmpty)
    }

    @Test func advancingNeverMovesACounterBackNorAddsAZero() {
        var v = vv(["soum-4305": 5])
        v.advance(rid("soum-4305"), to: 3)
        #expect(v[rid("soum-4305")] == 5)
        v.advance(rid("hub-43"), to: 0)
        #expect(v.counters.count == 1)
        v.advance(rid("soum-4305"), to: 9)
        #expect(v[rid("soum-4305")] == 9)
    }

    @Test func aVectorTravelsAsAJSONObjectKeyedByReplicaID() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let one = try encoder.encode(vv(["soum-4305": 3]))
        #expect(String(decoding: one, as: UTF8.self) == #"{"soum-4305":3}"#)
        let two = try encoder.encode(vv(["soum-4305": 3, "hub-43": 12]))
        #expect(String(decoding: two, as: UTF8.self) == #"{"hub-43":12,"soum-4305":3}"#)
        #expect(String(decoding: try encoder.encode(VersionVector()), as: UTF8.self) == "{}")

        let decoded = try JSONDecoder().decode(VersionVector.self, from: Data(#"{"soum-4305": 3}"#.utf8))
        #expect(decoded == vv(["soum-4305": 3]))
    }

    @Test func aVectorSurvivesAJSONRoundTrip() throws {
        let v = vv(["soum-4305": 1_812, "hub-43": 7, "soum-4306": UInt64.max])
        let back = try JSONDecoder().decode(VersionVector.self, from: JSONEncoder().encode(v))
        #expect(back == v)
    }

    @Test func aZeroCounterInJSONIsDropped() throws {
        let v = try JSONDecoder().decode(VersionVector.self, from: Data(#"{"soum-4305": 0, "hub-43": 2}"#.utf8))
        #expect(v == vv(["hub-43": 2]))
        #expect(v.counters.count == 1)
    }

    @Test(arguments: [
        #"{"Soum-4305": 3}"#,  // upper case
        #"{"": 1}"#,  // empty
        #"{"-hub": 1}"#,  // starts with a dash
        #"{"_hub": 1}"#,  // starts with an underscore
        #"{"soum 4305": 1}"#,  // a space
        #"{"сум-4305": 1}"#,  // Cyrillic
        #"{"hub-43": 1, "soum.4305": 2}"#,  // one bad key among good ones
    ])
    func anInvalidReplicaIDInJSONIsADecodingError(json: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(VersionVector.self, from: Data(json.utf8))
        }
    }

    @Test(arguments: [#"[["soum-4305", 3]]"#, #"{"soum-4305": -1}"#, #"{"soum-4305": "3"}"#])
    func aVectorThatIsNotAnObjectOfCountersIsADecodingError(json: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(VersionVector.self, from: Data(json.utf8))
        }
    }

    @Test func aReplicaIDLongerThanTheLimitIsRefused() {
        #expect(ReplicaID(String(repeating: "a", count: ReplicaID.maximumLength)) != nil)
        #expect(ReplicaID(String(repeating: "a", count: ReplicaID.maximumLength + 1)) == nil)
    }
}
