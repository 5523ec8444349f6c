import Foundation
import SyncModel
import Testing

@Suite("Records")
struct RecordTests {
    @Test func aWriteReplacesTheEntriesOfTheFieldsItNamesAndAdvancesTheVector() {
        var soum = Writer("soum-4305")
        var record = blankCase()
        let first = soum.write(["name": "Дорж", "phone": "99112233"], to: &record)
        #expect(record.entries("name").map(\.dot) == [first])
        #expect(record.vector == vv(["soum-4305": 1]))

        let second = soum.write(["name": "Доржсүрэн"], to: &record, now: 2_000)
        #expect(record.entries("name").count == 1)
        #expect(record.entries("name").first?.value == "Доржсүрэн")
        #expect(record.entries("name").first?.dot == second)
        #expect(record.entries("name").first?.hlc.wallMillis == 2_000)
        #expect(record.entries("phone").map(\.dot) == [first], "a field the write did not name is untouched")
        #expect(record.value("phone") == "99112233")
        #expect(record.vector == vv(["soum-4305": 2]))
    }

    @Test func aWriteOfSeveralFieldsGivesThemAllTheSameDotAndClockReading() {
        var record = blankCase()
        record.write(["name": "Бат", "rd": "УБ99031212", "status": "draft"], dot: dot("soum-4305", 7), hlc: hlc(1_000, 2, "soum-4305"))
        for field in ["name", "rd", "status"] {
            #expect(record.entries(field) == [FieldEntry(value: record.value(field)!, dot: dot("soum-4305", 7), hlc: hlc(1_000, 2, "soum-4305"))])
        }
        #expect(record.currentValues == ["name": "Бат", "rd": "УБ99031212", "status": "draft"])
        #expect(record.vector == vv(["soum-4305": 7]), "counters are per replica, not per record: they may jump")
    }

    @Test func aWriteByAnotherReplicaAddsItToTheVectorAndKeepsTheOthers() {
        var soum = Writer("soum-4305"), hub = Writer("hub-43")
        var record = blankCase()
        soum.write(["name": "A"], to: &record)
        soum.write(["phone": "1"], to: &record)
        hub.write(["name": "B"], to: &record)
        #expect(record.vector == vv(["soum-4305": 2, "hub-43": 1]))
        #expect(record.values("name") == ["B"])
    }

    @Test func aWriteThatHasSeenSiblingsReplacesThemAll() {
        var soum = Writer("soum-4305"), hub = Writer("hub-43")
        var a = blankCase(), b = blankCase()
        soum.write(["name": "A"], to: &a)
        hub.write(["name": "B"], to: &b)
        var merged = a.merged(with: b)
        #expect(merged.fieldsWithSiblings == ["name"])
        let closing = hub.write(["name": "C"], to: &merged)
        #expect(merged.entries("name").map(\.dot) == [closing])
        #expect(merged.fieldsWithSiblings.isEmpty)
    }

    @Test func aRecordWithSiblingsSurvivesAJSONRoundTrip() throws {
        var soum = Writer("soum-4305", wallMillis: 1_000), hub = Writer("hub-43", wallMillis: 1_000)
        var a = blankCase(), b = blankCase()
        soum.write(["name": "Оюун", "phone": "99001122", Record.tombstoneField: "true"], to: &a, now: 1_500)
        hub.write(["name": "Оюунчимэг", "address": "Сүхбаатар дүүрэг, 1-р хороо"], to: &b, now: 1_400)
        let record = a.merged(with: b)
        #expect(record.fieldsWithSiblings == ["name"])

        let data = try JSONEncoder().encode(record)
        let back = try JSONDecoder().decode(Record.self, from: data)
        #expect(back == record)
        #expect(back.fieldsWithSiblings == ["name"])
        #expect(back.values("name") == ["Оюун", "Оюунчимэг"])
        #expect(back.value("name") == record.value("name"))
        #expect(back.vector == vv(["soum-4305": 1, "hub-43": 1]))
        #expect(back.isDeleted)
        // And it merges like the original.
        #expect(back.merged(with: a) == record.merged(with: a))
    }

    @Test func aFieldEntryWithCounterZeroIsADecodingError() {
        let json = #"{"value":"x","replica":"soum-4305","counter":0,"wall":1,"logical":0}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(FieldEntry.self, from: Data(json.utf8)) }
    }

    @Test func aFieldEntryWithAnInvalidReplicaIsADecodingError() {
        let json = #"{"value":"x","replica":"Soum 4305","counter":1,"wall":1,"logical":0}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(FieldEntry.self, from: Data(json.utf8)) }
    }

    struct SiblingCase: Sendable, CustomTestStringConvertible {
        let name: String
        /// (replica, wall, logical, value); every replica writes once, concurrently.
        let writes: [(String, Int64, UInt32, String)]
        let expected: String
        var testDescription: String { name }
    }

    // Where the clock decides (not the replica id), the highest reading is on an entry
    // whose dot does *not* sort last, so "the last sibling" or "the highest dot" fails.
    @Test(arguments: [
        SiblingCase(
            name: "a later wall time wins", writes: [("aa-hub", 3_000, 0, "first"), ("zz-soum", 2_000, 9, "second")],
            expected: "first"),
        SiblingCase(
            name: "same wall time: the higher logical counter wins",
            writes: [("aa-hub", 2_000, 4, "first"), ("zz-soum", 2_000, 3, "second")], expected: "first"),
        SiblingCase(
            name: "same reading: the higher replica id wins",
            writes: [("soum-4306", 2_000, 1, "from 4306"), ("soum-4305", 2_000, 1, "from 4305")], expected: "from 4306"),
        SiblingCase(
            name: "three siblings",
            writes: [("hub-43", 1_000, 0, "hub"), ("soum-4305", 9_000, 0, "4305"), ("soum-4306", 5_000, 7, "4306")],
            expected: "4305"),
    ])
    func theCurrentValueAmongSiblingsIsTheOneWithTheHighestClockReading(_ c: SiblingCase) {
        let copies = c.writes.map { (replica, wall, logical, value) -> Record in
            var r = blankCase()
            r.write(["name": value], dot: dot(replica, 1), hlc: hlc(wall, logical, replica))
            return r
        }
        let merged = copies.dropFirst().reduce(copies[0]) { $0.merged(with: $1) }
        #expect(merged.entries("name").count == c.writes.count)
        #expect(merged.value("name") == c.expected)
        #expect(merged.currentValues["name"] == c.expected)
    }

    @Test func theCurrentValueIsTheSameWhicheverCopyYouAsk() {
        var hub = Writer("hub-43", wallMillis: 0)
        var soum1 = Writer("soum-4305", wallMillis: 0)
        var soum2 = Writer("soum-4306", wallMillis: 0)
        var base = blankCase()
        hub.write(["name": "base", "phone": "1"], to: &base, now: 100)
        var a = base, b = base, c = base
        soum1.write(["name": "A"], to: &a, now: 300)
        soum2.write(["name": "B", "phone": "2"], to: &b, now: 200)
        hub.write(["phone": "3"], to: &c, now: 400)
        // Three replicas reach the same state along different paths.
        let copies = [
            a.merged(with: b).merged(with: c),
            c.merged(with: b).merged(with: a),
            b.merged(with: c.merged(with: a)),
            a.merged(with: c).merged(with: b.merged(with: base)),
        ]
        for copy in copies {
            #expect(copy == copies[0])
            #expect(copy.value("name") == "A", "soum-4305's write has the highest reading")
            #expect(copy.value("phone") == "3", "the hub's phone write has the highest reading")
            #expect(copy.fieldsWithSiblings == ["name", "phone"])
        }
    }

    @Test func aFieldWithOneEntryOrNoneReadsPlainly() {
        var soum = Writer("soum-4305")
        var record = blankCase()
        #expect(record.value("name") == nil)
        #expect(record.entries("name").isEmpty)
        #expect(!record.isDeleted)
        soum.write(["name": "Сараа"], to: &record)
        #expect(record.value("name") == "Сараа")
        #expect(record.fieldsWithSiblings.isEmpty)
    }

    @Test func theTombstoneFieldMarksTheRecordDeleted() {
        var soum = Writer("soum-4305")
        var record = blankCase()
        soum.write([Record.tombstoneField: "true"], to: &record)
        #expect(Record.tombstoneField == "deleted")
        #expect(record.isDeleted)
        soum.write([Record.tombstoneField: "false"], to: &record)
        #expect(!record.isDeleted, "an undelete is a write like any other")
    }

    @Test func aCopyIsCoveredByAnotherOnlyWhenTheOtherHasSeenAllItsWrites() {
        var soum = Writer("soum-4305"), hub = Writer("hub-43")
        var old = blankCase()
        soum.write(["name": "A"], to: &old)
        var newer = old
        soum.write(["phone": "1"], to: &newer)
        var concurrent = old
        hub.write(["phone": "2"], to: &concurrent)
        #expect(old.isCovered(by: newer))
        #expect(!newer.isCovered(by: old))
        #expect(!newer.isCovered(by: concurrent))
        #expect(!concurrent.isCovered(by: newer))
        #expect(concurrent.isCovered(by: newer.merged(with: concurrent)))
    }

    @Test func lastChangedIsTheLatestReadingOfAnyEntry() {
        var record = blankCase()
        #expect(record.lastChanged == nil)
        record.write(["name": "A"], dot: dot("soum-4305", 1), hlc: hlc(5_000, 0, "soum-4305"))
        record.write(["phone": "1"], dot: dot("hub-43", 1), hlc: hlc(4_000, 0, "hub-43"))
        #expect(record.lastChanged == hlc(5_000, 0, "soum-4305"))
    }

    /// Known model bug (see report): `Record`'s synthesized `Decodable` assigns the stored
    /// properties directly and skips `init(collection:id:office:fields:vector:)`, so a record
    /// from the wire keeps its siblings in whatever order the JSON has, and empty fields.
    /// Such a copy is `!=` to the same record built in memory, and `a ⊔ a != a` for it.
    @Test func aDecodedRecordIsNormalisedLikeOneBuiltInMemory() throws {
        var a = blankCase(), b = blankCase()
        a.write(["name": "A"], dot: dot("soum-4305", 1), hlc: hlc(1_000, 0, "soum-4305"))
        b.write(["name": "B"], dot: dot("hub-43", 1), hlc: hlc(1_000, 0, "hub-43"))
        let canonical = a.merged(with: b)
        // The same record, siblings listed in the other order, plus an empty field.
        let json = """
            {"collection":"cases","id":"case-1","office":"soum-4305",
             "vector":{"soum-4305":1,"hub-43":1},
             "fields":{"name":[
                {"value":"A","replica":"soum-4305","counter":1,"wall":1000,"logical":0},
                {"value":"B","replica":"hub-43","counter":1,"wall":1000,"logical":0}],
              "phone":[]}}
            """
        let decoded = try JSONDecoder().decode(Record.self, from: Data(json.utf8))
        #expect(decoded.values("name") == canonical.values("name"))
        #expect(decoded == canonical)
        #expect(decoded.merged(with: decoded) == decoded)
    }

    @Test func aDecodedRecordWhoseVectorDoesNotCoverItsEntries_IsRefused() {
        let json = """
            {"collection":"cases","id":"case-1","office":"soum-4305","vector":{"soum-4305":1},
             "fields":{"name":[{"value":"A","replica":"soum-4305","counter":2,"wall":1000,"logical":0}]}}
            """
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Record.self, from: Data(json.utf8)) }
    }
}
