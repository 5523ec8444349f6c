import Foundation
import SyncModel
import Testing

/// The hand-written codec must write exactly what JSONEncoder (sorted keys, unescaped
/// slashes) writes, and never read a record JSONDecoder would not give the same way.
@Suite("Record JSON codec")
struct RecordJSONTests {
    static let storage: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Strings with every kind of character the escaping cares about.
    static let awkward: [String] = [
        "", "Бат", "Сүхбаатар сум, 3-р баг", "a/b\\c\"d", "\u{0}\u{1}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1F}\u{7F}",
        "emoji 😀 and 𝄞", "\u{2028}\u{2029}", "e\u{301} vs é", "tab\tnew\nline\r", "</script>", "\"quoted\"", "Өө Үү Ёё",
        "K\u{212A}", "null", "123", "{\"not\":\"json\"}",
    ]

    static func randomRecord(_ random: inout SplitMix64) -> Record {
        let replicas = ["soum-4305", "hub-43", "soum-4305_rk3x9", "a", "z9-_x"].map { rid($0) }
        var record = Record(collection: random.chance(80) ? "cases" : awkward.randomElement(using: &random)!,
                            id: random.chance(80) ? "4305-2026-\(Int.random(in: 1...999_999, using: &random))" : awkward.randomElement(using: &random)!,
                            office: "soum-4305")
        var counters: [ReplicaID: UInt64] = [:]
        for _ in 0..<Int.random(in: 0...4, using: &random) {
            let replica = replicas.randomElement(using: &random)!
            let counter = (counters[replica] ?? 0) + UInt64.random(in: 1...(random.chance(10) ? UInt64.max / 4 : 1_000), using: &random)
            counters[replica] = counter
            var changes: [String: String] = [:]
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let name = random.chance(70) ? ["name", "phone", "doc_a", "doc_b", "status", "deleted", "a10", "a9", "A", "_x", "-y"].randomElement(using: &random)!
                    : awkward.randomElement(using: &random)!
                changes[name] = random.chance(50) ? awkward.randomElement(using: &random)! : "v\(Int.random(in: 0...1_000, using: &random))"
            }
            let wall = random.chance(10) ? Int64.random(in: Int64.min...Int64.max, using: &random) : Int64.random(in: 0...2_000_000_000_000, using: &random)
            let logical = random.chance(10) ? UInt32.max : UInt32.random(in: 0...5, using: &random)
            // Siblings: a write that has not seen the record's other writes.
            if random.chance(30) {
                var other = Record(collection: record.collection, id: record.id, office: record.office)
                other.write(changes, dot: Dot(replica: replica, counter: counter), hlc: HLCTimestamp(wallMillis: wall, logical: logical, replica: replica))
                record = record.merged(with: other)
            } else {
                record.write(changes, dot: Dot(replica: replica, counter: counter), hlc: HLCTimestamp(wallMillis: wall, logical: logical, replica: replica))
            }
        }
        return record
    }

    @Test func encodingIsByteForByteWhatJSONEncoderWrites_AndDecodingGivesTheSameRecord() throws {
        var random = SplitMix64(seed: 8)
        for _ in 0..<2_000 {
            let record = Self.randomRecord(&random)
            let expected = Array(try Self.storage.encode(record))
            #expect(RecordJSON.encode(record) == expected)
            #expect(RecordJSON.decode(expected) == record)
            // The wire form of older nodes: default JSONEncoder (any key order, escaped slashes).
            let plain = Array(try JSONEncoder().encode(record))
            if let fast = RecordJSON.decode(plain) {
                #expect(fast == record)
            }
        }
    }

    @Test func escapesAreRead_AndWhatItDoesNotTakeIsLeftToJSONDecoder() throws {
        let base = #"{"collection":"cases","fields":{"name":[{"counter":1,"logical":0,"replica":"soum-4305","value":"X","wall":5}]},"id":"c1","office":"soum-4305","vector":{"soum-4305":1}}"#
        func with(_ value: String) -> [UInt8] { Array(base.replacingOccurrences(of: #""value":"X""#, with: #""value":"# + value).utf8) }
        #expect(RecordJSON.decode(with(#""\u0041\/\"\\\n\ud83d\ude00Ө""#))?.value("name") == "A/\"\\\n😀Ө")
        #expect(RecordJSON.decode(Array(("  \n" + base + " \t").utf8)) != nil)
        let refused: [String] = [
            base.replacingOccurrences(of: #""counter":1"#, with: #""counter":1.0"#),
            base.replacingOccurrences(of: #""counter":1"#, with: #""counter":1e0"#),
            base.replacingOccurrences(of: #""counter":1"#, with: #""counter":01"#),
            base.replacingOccurrences(of: #""counter":1"#, with: #""counter":0"#),
            base.replacingOccurrences(of: #""wall":5"#, with: #""wall":-0"#),
            base.replacingOccurrences(of: #""id":"c1""#, with: #""i\u0064":"c1""#),
            base.replacingOccurrences(of: #""id":"c1""#, with: #""id":"c1","id":"c2""#),
            base.replacingOccurrences(of: #""id":"c1""#, with: #""id":"c1","extra":1"#),
            base.replacingOccurrences(of: #""soum-4305":1}"#, with: #""soum-4305":0}"#),
            base.replacingOccurrences(of: #""value":"X""#, with: #""value":"\ud83d""#),
            base.replacingOccurrences(of: #""value":"X""#, with: "\"value\":\"a\u{1}b\""),
            base.replacingOccurrences(of: #""replica":"soum-4305""#, with: #""replica":"Soum""#),
            base + "x",
        ]
        for text in refused {
            #expect(RecordJSON.decode(Array(text.utf8)) == nil, "\(text)")
        }
        // A record JSONDecoder refuses is never taken: the vector does not cover the write.
        #expect((try? JSONDecoder().decode(Record.self, from: Data(refused[8].utf8))) == nil)
    }

    /// Mutated bytes: whatever the fast reader takes, JSONDecoder takes as the same record.
    @Test func theFastReaderNeverTakesWhatJSONDecoderReadsOtherwise() throws {
        var random = SplitMix64(seed: 88)
        let alphabet = Array(#"{}[]:,"\ 0123456789-.eEtruefalsn/u"#.utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xFF]
        var taken = 0
        for _ in 0..<3_000 {
            var bytes = Array(try JSONEncoder().encode(Self.randomRecord(&random)))
            for _ in 0..<Int.random(in: 1...3, using: &random) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[at] = alphabet.randomElement(using: &random)!
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet.randomElement(using: &random)!, at: at)
                }
            }
            guard let fast = RecordJSON.decode(bytes) else { continue }
            taken += 1
            let slow = try JSONDecoder().decode(Record.self, from: Data(bytes))
            #expect(fast == slow, "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(taken > 0)
    }

    @Test func pushAndPullMessagesAreWhatJSONEncoderWrites_AndReadBack() throws {
        var random = SplitMix64(seed: 888)
        for round in 0..<50 {
            let records = (0..<Int.random(in: 0...5, using: &random)).map { _ in Self.randomRecord(&random) }
            let push = PushRequest(
                replica: rid("soum-4305"), deliveredThrough: UInt64(round), latestCounter: UInt64(round * 3),
                pendingCount: round, oldestPendingSeconds: round % 2 == 0 ? nil : round * 60, records: records)
            let pushBytes = Array(try Self.storage.encode(push))
            #expect(push.json == pushBytes)
            #expect(PushRequest.json(
                replica: push.replica, deliveredThrough: push.deliveredThrough, latestCounter: push.latestCounter,
                pendingCount: push.pendingCount, oldestPendingSeconds: push.oldestPendingSeconds,
                recordBodies: records.map(RecordJSON.encode)) == pushBytes)
            #expect(pushBytes.withUnsafeBytes { PushRequest.decodeJSON($0) } == push)
            let plain = Array(try JSONEncoder().encode(push))
            #expect(plain.withUnsafeBytes { PushRequest.decodeJSON($0) }.map { $0 == push } ?? true)

            let pull = PullResponse(hub: rid("hub-43"), records: records, next: UInt64(round * 1_000), more: round % 3 == 0)
            let pullBytes = Array(try Self.storage.encode(pull))
            #expect(pull.json == pullBytes)
            #expect(PullResponse.json(hub: pull.hub, recordBodies: records.map(RecordJSON.encode), next: pull.next, more: pull.more) == pullBytes)
            #expect(pullBytes.withUnsafeBytes { PullResponse.decodeJSON($0) } == pull)
        }
        for count in [0, 1, 7] {
            let results = (0..<count).map { index in
                index % 3 == 2
                    ? PushResult(collection: "cases", id: "4305-2026-\(index)", outcome: .refused, field: "decision", reason: "only the hub / \"district\"")
                    : PushResult(collection: "cases", id: "4305-2026-\(index)", outcome: .merged)
            }
            let response = PushResponse(hub: rid("hub-43"), results: results, deliveredThrough: UInt64(count * 11))
            let bytes = Array(try Self.storage.encode(response))
            #expect(response.json == bytes)
            #expect(bytes.withUnsafeBytes { PushResponse.decodeJSON($0) } == response)
            let plain = Array(try JSONEncoder().encode(response))
            #expect(plain.withUnsafeBytes { PushResponse.decodeJSON($0) } == response)
        }
        let nullOldest = #"{"deliveredThrough":1,"latestCounter":2,"oldestPendingSeconds":null,"pendingCount":0,"records":[],"replica":"soum-4305","softwareVersion":"0.1.0"}"#
        #expect(Array(nullOldest.utf8).withUnsafeBytes { PushRequest.decodeJSON($0) }?.oldestPendingSeconds == nil)
        #expect(Array(nullOldest.utf8).withUnsafeBytes { PushRequest.decodeJSON($0) } != nil)
    }

    /// The records of a pull answer, read keeping the bytes each came as.
    static func keptBodies(_ recordBodies: [[UInt8]]) -> (records: [Record], bodies: [[UInt8]?])? {
        let answer = PullResponse.json(hub: rid("hub-43"), recordBodies: recordBodies, next: 1, more: false)
        return answer.withUnsafeBytes { PullResponse.decodeJSONKeepingBodies($0) }.map { ($0.response.records, $0.bodies) }
    }

    /// What RecordJSON writes is recognised as such, in pull answers and push requests:
    /// a store keeps those bytes as the body instead of encoding the record again.
    @Test func storedBodiesAreKeptAsTheyCame_InPullAnswersAndPushRequests() throws {
        var random = SplitMix64(seed: 8_888)
        let records = (0..<300).map { _ in Self.randomRecord(&random) }
        let bodies = records.map(RecordJSON.encode)
        let pulled = try #require(Self.keptBodies(bodies))
        #expect(pulled.records == records)
        #expect(pulled.bodies == bodies.map { Optional($0) })
        let push = PushRequest.json(replica: rid("soum-4305"), deliveredThrough: 1, latestCounter: 2, pendingCount: 3,
                                    oldestPendingSeconds: nil, recordBodies: bodies)
        let pushed = try #require(push.withUnsafeBytes { PushRequest.decodeJSONKeepingBodies($0) })
        #expect(pushed.request.records == records)
        #expect(pushed.bodies == bodies.map { Optional($0) })
    }

    /// Bytes that read as the same record but are not what RecordJSON writes (spacing,
    /// key order, escapes it does not write, unsorted names or siblings, a zero in the
    /// vector) are read, and not kept: storing them would store a body that differs
    /// from the record's.
    @Test func bytesThatAreNotWhatRecordJSONWrites_AreReadButNotKept() throws {
        let base = #"{"collection":"cases","fields":{"a":[{"counter":1,"logical":0,"replica":"soum-4305","value":"X","wall":5}],"b":[{"counter":2,"logical":0,"replica":"hub-43","value":"Z","wall":6},{"counter":1,"logical":0,"replica":"soum-4305","value":"Y","wall":5}]},"id":"c1","office":"soum-4305","vector":{"hub-43":2,"soum-4305":1}}"#
        let canonical = try #require(Self.keptBodies([Array(base.utf8)]))
        #expect(canonical.bodies == [Array(base.utf8)], "the plain form itself is kept")
        #expect(RecordJSON.encode(canonical.records[0]) == Array(base.utf8))
        let escaped = #"{"collection":"c","fields":{"n":[{"counter":1,"logical":0,"replica":"r","value":"a\"\\\b\f\n\r\t\u001f\u0000/é","wall":-1}]},"id":"i","office":"o","vector":{"r":1}}"#
        #expect(Self.keptBodies([Array(escaped.utf8)])?.bodies == [Array(escaped.utf8)], "the escapes RecordJSON writes")
        let variants: [String] = [
            base.replacingOccurrences(of: #""id":"c1""#, with: #""id" : "c1""#),
            base.replacingOccurrences(of: #","vector":"#, with: #", "vector":"#),
            base.replacingOccurrences(of: #""id":"c1","office":"soum-4305""#, with: #""office":"soum-4305","id":"c1""#),
            base.replacingOccurrences(of: #""counter":1,"logical":0,"replica":"soum-4305","value":"X""#, with: #""logical":0,"counter":1,"replica":"soum-4305","value":"X""#),
            base.replacingOccurrences(of: #""value":"X""#, with: #""value":"\u0058""#),
            base.replacingOccurrences(of: #""value":"X""#, with: #""value":"\/""#),
            base.replacingOccurrences(of: #""value":"X""#, with: #""value":"\u001F""#),
            base.replacingOccurrences(of: #""value":"X""#, with: #""value":"\u000a""#),
            base.replacingOccurrences(of: #""id":"c1""#, with: #""id":"\u00631""#),
            base.replacingOccurrences(of: #""fields":{"a":"#, with: #""fields":{"\u0061":"#),
            // Field names out of order.
            #"{"collection":"cases","fields":{"b":[{"counter":1,"logical":0,"replica":"soum-4305","value":"Y","wall":5}],"a":[{"counter":1,"logical":0,"replica":"soum-4305","value":"X","wall":5}]},"id":"c1","office":"soum-4305","vector":{"soum-4305":1}}"#,
            // Siblings out of order (by dot: replica, then counter).
            base.replacingOccurrences(of: #"{"counter":2,"logical":0,"replica":"hub-43","value":"Z","wall":6},{"counter":1,"logical":0,"replica":"soum-4305","value":"Y","wall":5}"#,
                                      with: #"{"counter":1,"logical":0,"replica":"soum-4305","value":"Y","wall":5},{"counter":2,"logical":0,"replica":"hub-43","value":"Z","wall":6}"#),
            base.replacingOccurrences(of: #""vector":{"hub-43":2,"soum-4305":1}"#, with: #""vector":{"soum-4305":1,"hub-43":2}"#),
            base.replacingOccurrences(of: #""vector":{"hub-43":2,"soum-4305":1}"#, with: #""vector":{"hub-43":2,"soum-4305":1,"x":0}"#),
            base.replacingOccurrences(of: #""fields":{"#, with: #""fields":{"empty":[],"#),
        ]
        for text in variants {
            let read = Self.keptBodies([Array(text.utf8)])
            #expect(read != nil, "read: \(text)")
            #expect(read?.bodies == [nil], "not kept: \(text)")
        }
    }

    /// Mutated bytes: whatever the reader keeps as a record's body is exactly what
    /// encoding that record writes.
    @Test func aKeptBodyIsAlwaysWhatEncodingTheRecordWrites() throws {
        var random = SplitMix64(seed: 88_888)
        let alphabet = Array(#"{}[]:,"\ 0123456789-.eEtruefalsn/uab"#.utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xFF]
        var kept = 0
        for _ in 0..<4_000 {
            var bytes = RecordJSON.encode(Self.randomRecord(&random))
            for _ in 0..<Int.random(in: 1...2, using: &random) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[at] = alphabet.randomElement(using: &random)!
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet.randomElement(using: &random)!, at: at)
                }
            }
            guard let read = Self.keptBodies([bytes]), let body = read.bodies[0] else { continue }
            kept += 1
            #expect(body == RecordJSON.encode(read.records[0]), "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(kept > 0)
    }
}
