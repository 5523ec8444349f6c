import Foundation

/// The kinds of fact recorded about a specialized-care case after its decision. Each
/// event lives in its own case field, `care_<kind>_<id>`, so two places adding events
/// at once keep both (DESIGN §4); the kind comes from the field's name, never from
/// its value, so an office cannot pass a hub-only fact off as one of its own.
public enum CareEventKind: String, CaseIterable, Sendable, Codable {
    case placement, handover, contract, transfer, discipline, leaving, plan, pension

    /// Every care event field starts with this.
    public static let fieldPrefix = "care_"

    public var fieldPrefix: String { Self.fieldPrefix + rawValue + "_" }

    /// Whether only the district hub records it (`.hubAuthority`: a push from an
    /// office holding one is refused).
    /// MY READING: the district places, transfers, records the facility's disciplinary
    /// measures, discharges and records the pension (facilities have no node, and these
    /// facts decide a person's care and money). The handover of the person and their
    /// file is recorded by whoever delivered them — the soum's social worker or the
    /// district's department, as the source says — the three-party contract by either
    /// party's office, and the reintegration plan by the soum the resident returns to
    /// or the district, who draw it up with the facility.
    public var hubOnly: Bool {
        switch self {
        case .handover, .contract, .plan: false
        default: true
        }
    }

    public var label: Label {
        switch self {
        case .placement: Label(id: rawValue, mongolian: "Асрамжийн газарт байршуулсан", english: "placed at a facility")
        case .handover: Label(id: rawValue, mongolian: "Хувийн хэргийн хамт хүлээлгэн өгсөн", english: "handed over with the personal file")
        case .contract: Label(id: rawValue, mongolian: "3 талт гэрээ", english: "three-party contract")
        case .transfer: Label(id: rawValue, mongolian: "Өөр асрамжийн газарт шилжүүлсэн", english: "transferred to another facility")
        case .discipline: Label(id: rawValue, mongolian: "Хүмүүжлийн болон захиргааны арга хэмжээ", english: "educational or administrative measure")
        case .leaving: Label(id: rawValue, mongolian: "Асрамжаас гарсан", english: "left care")
        case .plan: Label(id: rawValue, mongolian: "Эхний шатны хөгжлийн төлөвлөгөө", english: "reintegration plan")
        case .pension: Label(id: rawValue, mongolian: "Асруулагчийн тэтгэвэр", english: "resident's pension")
        }
    }

    /// The kind of a care event field, nil for every other field.
    public static func of(field: String) -> CareEventKind? {
        guard field.utf8.starts(with: fieldPrefix.utf8) else { return nil }
        return allCases.first { field.utf8.count > $0.fieldPrefix.utf8.count && field.utf8.starts(with: $0.fieldPrefix.utf8) }
    }

    /// The merge policy of a care event field (nil: not one).
    public static func policy(field: String) -> MergePolicy? {
        guard let kind = of(field: field) else { return nil }
        return kind.hubOnly ? .hubAuthority : .lastWriterWins
    }
}

/// How a resident's pension is collected.
public enum PensionCollection: String, Sendable, Codable, CaseIterable {
    case inPerson = "in_person"
    case proxy

    public var label: Label {
        switch self {
        case .inPerson: Label(id: rawValue, mongolian: "Өөрийн биеэр авна", english: "collected in person")
        case .proxy: Label(id: rawValue, mongolian: "Асрамжийн газрын итгэмжилсэн төлөөлөгчөөр дамжуулан авна",
                           english: "collected by the facility's authorised representative")
        }
    }
}

/// What happened, with the facts of its kind.
public enum CareFact: Sendable, Equatable {
    /// The facility the person is placed at (with the `placed` step).
    case placement(facility: String)
    /// The person and their personal file handed over to the facility's social worker
    /// and health worker.
    case handover(handedOverBy: String, receivedBy: String, withFile: Bool)
    /// The three-party contract: facility, resident (or guardian), soum/district.
    case contract(number: String, residentSide: String)
    case transfer(toFacility: String, reason: String)
    /// One of `SpecializedCare.disciplinaryMeasures` (not the 4th: that one is leaving),
    /// for one of `CareLabels.disciplinaryGrounds`.
    case discipline(measure: String, ground: String, note: String)
    /// One of `CareLabels.leavingWays`, with the leaving costs in MNT; `ground` is the
    /// breach when the way is the director's order.
    case leaving(way: String, clothes: Int?, travel: Int?, ground: String?, note: String)
    case plan(text: String)
    /// The monthly pension, how it is collected, and the office (soum) it is filed at.
    case pension(monthly: Int, collection: PensionCollection, proxyNotarised: Bool, filedAt: String)

    public var kind: CareEventKind {
        switch self {
        case .placement: .placement
        case .handover: .handover
        case .contract: .contract
        case .transfer: .transfer
        case .discipline: .discipline
        case .leaving: .leaving
        case .plan: .plan
        case .pension: .pension
        }
    }

    /// nil when the facts are complete and use the source's terms; otherwise why not,
    /// Mongolian first.
    public var problem: String? {
        func missing(_ mongolian: String, _ english: String) -> String {
            bilingual("\(mongolian) хоосон байна", "\(english) is missing")
        }
        switch self {
        case .placement(let facility):
            if facility.isBlank { return bilingual("Асрамжийн газрыг заана уу", "name the facility the person is placed at") }
        case .handover(let by, let receivedBy, _):
            if by.isBlank { return missing("Хүлээлгэн өгсөн ажилтан", "who handed over") }
            if receivedBy.isBlank { return missing("Хүлээн авсан ажилтан", "who received at the facility") }
        case .contract(let number, _):
            if number.isBlank { return missing("Гэрээний дугаар", "the contract's number") }
        case .transfer(let facility, let reason):
            if facility.isBlank { return missing("Шилжих асрамжийн газар", "the facility transferred to") }
            if reason.isBlank { return missing("Шилжүүлсэн шалтгаан", "the reason for the transfer") }
        case .discipline(let measure, let ground, _):
            if measure == CareLabels.dischargeByOrder {
                return bilingual("Даргын тушаалаар гаргахыг асрамжаас гаргах алхмаар бүртгэнэ",
                                 "a discharge by the director's order is recorded as leaving care, with its ground")
            }
            if CareLabels.measure(measure) == nil {
                return bilingual("Тодорхойгүй арга хэмжээ «\(measure)»",
                                 "unknown measure '\(measure)'; one of: \(SpecializedCare.disciplinaryMeasures.dropLast().map(\.id).joined(separator: ", "))")
            }
            if CareLabels.ground(ground) == nil {
                return bilingual("Тодорхойгүй зөрчил «\(ground)»",
                                 "unknown breach '\(ground)'; one of: \(CareLabels.disciplinaryGrounds.map(\.id).joined(separator: ", "))")
            }
        case .leaving(let way, let clothes, let travel, let ground, _):
            if CareLabels.leavingWay(way) == nil {
                return bilingual("Тодорхойгүй гарах үндэслэл «\(way)»",
                                 "unknown way of leaving '\(way)'; one of: \(CareLabels.leavingWays.map(\.id).joined(separator: ", "))")
            }
            if [clothes, travel].contains(where: { ($0 ?? 0) < 0 }) {
                return bilingual("Зардал сөрөг байж болохгүй", "leaving costs are whole tögrög ≥ 0")
            }
            if way == CareLabels.dischargeByOrder {
                guard let ground, CareLabels.ground(ground) != nil else {
                    return bilingual("Даргын тушаалаар гаргахад зөрчлийг заана",
                                     "a discharge by the director's order names the breach; one of: \(CareLabels.disciplinaryGrounds.map(\.id).joined(separator: ", "))")
                }
            }
        case .plan(let text):
            if text.isBlank { return missing("Төлөвлөгөө", "the plan's text") }
        case .pension(let monthly, let collection, let notarised, let filedAt):
            if monthly <= 0 { return bilingual("Тэтгэврийн дүн 0-ээс их байна", "the monthly pension is a whole tögrög amount above 0") }
            if filedAt.isBlank { return missing("Тэтгэвэр тогтоолгосон сум, хороо", "the soum or khoroo the pension is filed at") }
            if let refusal = SpecializedCare.pensionCollectionRefusal(inPerson: collection == .inPerson, proxyNotarised: notarised) {
                return refusal
            }
        }
        return nil
    }

    /// The facts as the field's value holds them, by name.
    var details: [String: String] {
        switch self {
        case .placement(let facility): ["facility": facility]
        case .handover(let by, let receivedBy, let withFile): ["by": by, "received_by": receivedBy, "with_file": withFile ? "yes" : "no"]
        case .contract(let number, let side): ["number": number, "resident_side": side]
        case .transfer(let facility, let reason): ["facility": facility, "reason": reason]
        case .discipline(let measure, let ground, let note): ["measure": measure, "ground": ground, "note": note]
        case .leaving(let way, let clothes, let travel, let ground, let note):
            ["way": way, "clothes": clothes.map(String.init) ?? "", "travel": travel.map(String.init) ?? "",
             "ground": ground ?? "", "note": note]
        case .plan(let text): ["text": text]
        case .pension(let monthly, let collection, let notarised, let filedAt):
            ["monthly": String(monthly), "collection": collection.rawValue, "notarised": notarised ? "yes" : "no", "filed_at": filedAt]
        }
    }

    init?(kind: CareEventKind, _ d: [String: String]) {
        func text(_ key: String) -> String { d[key] ?? "" }
        func amount(_ key: String) -> Int? { Int(text(key)) }
        switch kind {
        case .placement: self = .placement(facility: text("facility"))
        case .handover: self = .handover(handedOverBy: text("by"), receivedBy: text("received_by"), withFile: text("with_file") == "yes")
        case .contract: self = .contract(number: text("number"), residentSide: text("resident_side"))
        case .transfer: self = .transfer(toFacility: text("facility"), reason: text("reason"))
        case .discipline: self = .discipline(measure: text("measure"), ground: text("ground"), note: text("note"))
        case .leaving:
            self = .leaving(way: text("way"), clothes: amount("clothes"), travel: amount("travel"),
                            ground: d["ground"].flatMap { $0.isEmpty ? nil : $0 }, note: text("note"))
        case .plan: self = .plan(text: text("text"))
        case .pension:
            guard let monthly = amount("monthly"), let collection = PensionCollection(rawValue: text("collection")) else { return nil }
            self = .pension(monthly: monthly, collection: collection, proxyNotarised: text("notarised") == "yes", filedAt: text("filed_at"))
        }
    }
}

/// One recorded event of a care case: its field's unique id, the day it happened (the
/// office's calendar), when it was recorded, and its facts.
public struct CareEvent: Sendable, Equatable {
    /// The part of the field name after `care_<kind>_`.
    public let id: String
    public let date: CivilDate
    /// Unix milliseconds of the write: orders events of the same day.
    public let recordedAt: Int64
    public let fact: CareFact

    public init(id: String, date: CivilDate, recordedAt: Int64, fact: CareFact) {
        self.id = id
        self.date = date
        self.recordedAt = recordedAt
        self.fact = fact
    }

    public var kind: CareEventKind { fact.kind }
    public var field: String { kind.fieldPrefix + id }

    /// A fresh id, unique without asking anyone: the writer, the time, and a random part.
    /// Fits a field name (lower-case letters, digits, `-`, `_`; ≤ 64 bytes).
    public static func newID(writer: ReplicaID, now: Int64) -> String {
        let random = String(UInt64.random(in: 0...UInt64(UInt32.max)), radix: 36)
        let writerPart = String(writer.rawValue.lowercased().prefix(20))
        return "\(String(now, radix: 36))-\(random)-\(writerPart)"
    }

    /// The field's value: the facts, the date and the time recorded, as one JSON object.
    public var value: String {
        var object = fact.details
        object["date"] = date.iso
        object["recorded_at"] = String(recordedAt)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(object)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The event a case field holds, or nil when the field is not a care event or its
    /// value cannot be read (a newer Halamj, a damaged write): never a trap.
    public init?(field: String, value: String) {
        guard let kind = CareEventKind.of(field: field),
              let object = try? JSONDecoder().decode([String: String].self, from: Data(value.utf8)),
              let date = object["date"].flatMap(CivilDate.init(iso:)),
              let fact = CareFact(kind: kind, object)
        else { return nil }
        self.init(id: String(field.dropFirst(kind.fieldPrefix.count)), date: date,
                  recordedAt: object["recorded_at"].flatMap { Int64($0) } ?? 0, fact: fact)
    }
}

/// Everything recorded after a care case's decision, read from its fields: the
/// history in order, and what follows from it (the current facility, the pension).
public struct CareHistory: Sendable, Equatable {
    /// Oldest first: by day, then by when recorded, then by id.
    public let events: [CareEvent]

    public init(values: [String: String]) {
        events = values.compactMap { field, value in
            CareEventKind.of(field: field) == nil ? nil : CareEvent(field: field, value: value)
        }.sorted { ($0.date, $0.recordedAt, $0.id) < ($1.date, $1.recordedAt, $1.id) }
    }

    public var isEmpty: Bool { events.isEmpty }

    /// Where the person is (or was last): the latest placement or transfer.
    public var currentFacility: String? {
        events.reversed().lazy.compactMap { event -> String? in
            switch event.fact {
            case .placement(let facility): facility
            case .transfer(let facility, _): facility
            default: nil
            }
        }.first
    }

    /// The latest pension record.
    public var pension: CareEvent? { events.last { $0.kind == .pension } }

    /// The leaving, if the person has left.
    public var leaving: CareEvent? { events.last { $0.kind == .leaving } }
}

extension String {
    var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
