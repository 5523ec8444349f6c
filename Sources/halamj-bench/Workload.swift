import Foundation
import ReplicaStorage
import SyncModel

/// Realistic welfare cases, made deterministically from their index: 15 fields,
/// Mongolian Cyrillic names, addresses and notes, as a soum office would open them.
struct CaseFactory: Sendable {
    /// 2026-05-28, when the benchmark's cases were "opened".
    static let baseWall: Int64 = 1_780_000_000_000
    static let hub = ReplicaID("hub-43")!

    static let givenNames = ["Батбаяр", "Энхтуяа", "Оюунчимэг", "Ганбаатар", "Сарангэрэл", "Мөнхбат", "Нарантуяа",
                             "Төмөрбаатар", "Үүрцайх", "Болормаа", "Эрдэнэбилэг", "Хонгорзул", "Цэцэгмаа", "Дорж"]
    static let familyNames = ["Бат", "Дорж", "Сүхбаатар", "Гантулга", "Очир", "Пүрэв", "Жаргал", "Өлзий", "Баяр", "Нямдорж"]
    static let soums = ["Сүхбаатар", "Мандал", "Шаамар", "Ерөө", "Түшиг", "Цагааннуур", "Баруунбүрэн", "Хүдэр"]
    static let notes = [
        "Өрх толгойлсон эх, гурван хүүхэдтэй. Бүх баримт бүрдсэн.",
        "Асран хамгаалагч нь ажилгүй, орлогын тодорхойлолт ирүүлсэн.",
        "Ихэр хүүхдийн мөнгөн тусламж хүсэв; төрсний гэрчилгээ хуулбартай.",
        "Ахмад настан, ганцаардмал. Гэрээр үйлчлэх хүсэлттэй.",
        "Хөгжлийн бэрхшээлтэй иргэн, хөдөлмөрийн чадвар 60% алдсан.",
    ]
    static let services: [Service] = [.childCareAllowance, .pregnancyAllowance, .singleParentAllowance, .elderlyAgeGift,
                                      .careElderly, .welfarePension]
    static let letters = Array("АБВГДЕЖЗИКЛМНОӨПРСТУҮФХЦЧШЭЮЯ")

    /// Field -> value of case `index` (15 fields).
    static func fields(_ index: Int) -> [(String, String)] {
        var random = Mix(seed: UInt64(index) &+ 0x5EED)
        let year = 60 + random.below(40)
        let month = 1 + random.below(12)
        let day = 1 + random.below(28)
        let rd = String(letters[random.below(letters.count)]) + String(letters[random.below(letters.count)])
            + String(format: "%02d%02d%02d%02d", year, month, day, random.below(100))
        let given = givenNames[random.below(givenNames.count)]
        let family = familyNames[random.below(familyNames.count)]
        return [
            ("service", services[index % services.count].rawValue),
            ("rd", rd),
            ("name", "\(family) овогтой \(given)"),
            ("status", "submitted"),
            ("phone", String(88_000_000 + random.below(11_999_999))),
            ("address", "Сэлэнгэ аймаг, \(soums[random.below(soums.count)]) сум, \(1 + random.below(9))-р баг, \(1 + random.below(40))-р гудамж \(1 + random.below(120))"),
            ("household_size", String(1 + random.below(9))),
            ("monthly_income", String(100_000 + 5_000 * random.below(120))),
            ("bank_account", String(5_000_000_000 + random.below(999_999_999))),
            ("guardian", "\(familyNames[random.below(familyNames.count)]) \(givenNames[random.below(givenNames.count)])"),
            ("notes", notes[random.below(notes.count)]),
            ("submitted_on", String(format: "2026-%02d-%02d", 1 + random.below(5), 1 + random.below(28))),
            ("doc_application", "received"),
            ("doc_citizen_id", "received"),
            ("doc_income_statement", random.below(4) == 0 ? "missing" : "received"),
        ]
    }

    /// Case `index` of `office`, opened by `writer` with one write (`counter`), and,
    /// when `hubCounter` is given, received at the hub afterwards (a second write).
    /// `person`: whose fields the case holds (`index` unless given: another case's applicant).
    static func record(office: String, index: Int, writer: ReplicaID, counter: UInt64, hubCounter: UInt64? = nil, person: Int? = nil) -> Record {
        let id = CaseNumber.make(office: office, year: 2026, sequence: index + 1)
        var record = Record(collection: CaseFields.collection, id: id, office: office)
        let wall = baseWall + Int64(index) * 1_000
        record.write(Dictionary(uniqueKeysWithValues: fields(person ?? index)),
                     dot: Dot(replica: writer, counter: counter),
                     hlc: HLCTimestamp(wallMillis: wall, logical: 0, replica: writer))
        if let hubCounter {
            record.write(["status": "received"], dot: Dot(replica: hub, counter: hubCounter),
                         hlc: HLCTimestamp(wallMillis: wall + 60_000, logical: 0, replica: hub))
        }
        return record
    }
}

/// SplitMix64: fast and deterministic.
struct Mix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// A record as the store keeps it: the body bytes exactly as `StoreTransaction.save`
/// writes them (sorted keys, unescaped slashes).
enum StorageForm {
    /// RecordJSON writes the same bytes as JSONEncoder with those options (Tests/SyncModelTests/RecordJSONTests).
    static func body(_ record: Record) -> [UInt8] { RecordJSON.encode(record) }
}

/// A baseline measured three times, once before the scenario and twice after, each
/// into its own copy in the same state; the median is reported. Other work on the
/// machine drifts and stalls (a checkpoint's fsync, another build): the median follows
/// the drift and ignores one stall.
struct Baseline {
    static let runs = 3
    var runs: [Double] = []
    mutating func measure(_ body: () throws -> Double) rethrows { runs.append(try body()) }
    var seconds: Double { median(runs) }
    var details: [String: Double] {
        Dictionary(uniqueKeysWithValues: runs.enumerated().map { ("baselineRun\($0.offset + 1)Seconds", $0.element) })
    }
}

/// One row of the `records` table, its body and open conflicts worked out.
struct SeedRow: Sendable {
    var stored: StoredRecord
    var body: [UInt8]
    var conflicts: Int
    var record: Record { stored.record }

    init(_ record: Record, localSeq: Int64, dirty: Bool = false, pendingSince: UInt64? = nil, pendingAt: Int64? = nil) {
        stored = StoredRecord(
            record: record, localSeq: localSeq, dirty: dirty, pendingSince: pendingSince, pendingAt: pendingAt, refusal: nil)
        body = StorageForm.body(record)
        conflicts = record.openConflicts.count
    }
}

/// Writes rows straight into a replica's `records` table, in large transactions,
/// for setup speed; and the raw upsert every baseline measures. Both run the store's
/// own statement (`RecordUpsert`), so a change to it changes the baselines too.
enum Seed {
    /// `row` upserted with the case index columns empty.
    static func upsert(_ db: Database, _ row: SeedRow) throws {
        try db.execute(RecordUpsert.sql, plainArguments(row))
    }

    static func plainArguments(_ row: SeedRow) -> [SQLValue] {
        RecordUpsert.arguments(row.stored, body: row.body, conflicts: row.conflicts, index: .empty, echoOf: nil)
    }

    /// `rawUpsertSeconds` with the case index columns filled as the store fills them
    /// at `store`'s replica (`RecordUpsert.index`: a node leaves `application_key`
    /// empty): reported beside the baseline, not instead of it (how much of the gap is
    /// the cost of the indexes every stored case enters).
    static func indexedUpsertSeconds(_ store: ReplicaStore, rows: [SeedRow]) throws -> Double {
        let index = rows.map { RecordUpsert.index($0.record, at: store.replica) }
        return try upsertSeconds(store, count: rows.count) {
            RecordUpsert.arguments(rows[$0].stored, body: rows[$0].body, conflicts: rows[$0].conflicts, index: index[$0], echoOf: nil)
        }
    }

    /// Inserts `count` rows made by `make` in transactions of `chunk`, then sets the
    /// meta values given (counter, local_seq, checkpoints) in the last one.
    static func fill(_ store: ReplicaStore, count: Int, chunk: Int = 50_000, meta: [String: String] = [:],
                     make: (Int) -> SeedRow) throws {
        var start = 0
        repeat {
            let end = min(count, start + chunk)
            try store.transaction { tx in
                for index in start..<end { try upsert(tx.database, make(index)) }
                if end == count { for (key, value) in meta { try tx.setMeta(key, value) } }
            }
            start = end
        } while start < count
    }

    /// The baseline of push, pull and merge: `rows` upserted into `store` in one
    /// transaction with one reused prepared statement (the store's `Database` caches
    /// it), the bodies already encoded and the case index columns empty. Returns the
    /// seconds it took. Scenarios measure it three times (`Baseline`).
    static func rawUpsertSeconds(_ store: ReplicaStore, rows: [SeedRow]) throws -> Double {
        try upsertSeconds(store, count: rows.count) { plainArguments(rows[$0]) }
    }

    /// The seconds one transaction of the store's upsert takes with the arguments of
    /// rows `0..<count`, the statement prepared and cached first, as a warm connection has it.
    static func upsertSeconds(_ store: ReplicaStore, count: Int, arguments: (Int) -> [SQLValue]) throws -> Double {
        try store.transaction { tx in try tx.database.execute(RecordUpsert.sql, arguments(0)) }
        return try seconds {
            try store.transaction { tx in
                for row in 0..<count { try tx.database.execute(RecordUpsert.sql, arguments(row)) }
            }
        }
    }
}
