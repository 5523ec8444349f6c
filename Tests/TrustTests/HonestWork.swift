import Foundation
import HalamjTestSupport
import CaseBooks
import SyncModel

/// What honest offices and the district do, drawn from a seed: open cases, register
/// applicants, edit, tick documents, submit, sync; the district decides. The same seed
/// gives the same work whether or not an attacker is about.
enum HonestStep {
    case open(String)
    case person(String)
    case edit(String)
    case document(String)
    case submit(String)
    case sync(String)
    case decide

    static func script(seed: UInt64, offices: [String], length: Int) -> [HonestStep] {
        var rng = SplitMix64(seed: seed)
        return (0..<length).map { _ in
            let office = offices.randomElement(using: &rng)!
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<18: return .open(office)
            case 18..<24: return .person(office)
            case 24..<40: return .edit(office)
            case 40..<58: return .document(office)
            case 58..<66: return .submit(office)
            case 66..<90: return .sync(office)
            default: return .decide
            }
        }
    }

    static let services: [Service] = [.pregnancyAllowance, .elderlyAgeGift, .careElderly]

    /// Carries the step out; `rng` picks the details (the honest generator, never the attacker's).
    func run(in world: World, rng: inout SplitMix64) throws {
        let now = world.now
        switch self {
        case .open(let office):
            let rd = try RegisterNumber.parse(String(format: "УБ%02d%02d%02d%02d", Int.random(in: 40...99, using: &rng),
                                                     Int.random(in: 1...12, using: &rng), Int.random(in: 1...28, using: &rng),
                                                     Int.random(in: 10...99, using: &rng)))
            let service = Self.services.randomElement(using: &rng)!
            // An honest worker records the care category a care application needs.
            let fields = CareCategory.categories(for: service).first.map { [CareCategory.field: $0.id] } ?? [:]
            _ = try CaseBook(store: world.nodes[office]!).open(
                service: service, registerNumber: rd, name: "Нэр\(Int.random(in: 0...99, using: &rng))", fields: fields, now: now)
        case .person(let office):
            let rd = try RegisterNumber.parse(String(format: "ЧД%02d%02d%02d%02d", Int.random(in: 40...99, using: &rng),
                                                     Int.random(in: 1...12, using: &rng), Int.random(in: 1...28, using: &rng),
                                                     Int.random(in: 10...99, using: &rng)))
            _ = try? PersonBook(store: world.nodes[office]!).add(rd, name: "Хүн", now: now)
        case .edit(let office):
            let book = CaseBook(store: world.nodes[office]!)
            let cases = try book.list()
            guard let view = cases.isEmpty ? nil : cases[Int.random(in: 0..<cases.count, using: &rng)] else { return }
            let field = ["address", "phone", "notes"].randomElement(using: &rng)!
            _ = try? book.set(view.number, [field: "\(field)-\(Int.random(in: 0...999, using: &rng))"], now: now)
        case .document(let office):
            let book = CaseBook(store: world.nodes[office]!)
            let cases = try book.list()
            guard let view = cases.isEmpty ? nil : cases[Int.random(in: 0..<cases.count, using: &rng)],
                  let service = Service(rawValue: view.service ?? "") else { return }
            let documents = Checklists.documents(for: service, stage: .soum)
            // Most documents at once, so that some cases become complete.
            let received = Set(documents.filter { _ in rng.chance(85) }.map(\.id))
            _ = try? book.markDocuments(view.number, received: received, now: now)
        case .submit(let office):
            let book = CaseBook(store: world.nodes[office]!)
            for view in try book.list() where view.status == "draft" {
                _ = try? book.submit(view.number, now: now)
            }
        case .sync(let office):
            try world.sync(office)
        case .decide:
            let book = CaseBook(store: world.hub)
            let waiting = try book.list().filter { $0.status == "submitted" && $0.office != Adversary.office }
            guard let view = waiting.isEmpty ? nil : waiting[Int.random(in: 0..<waiting.count, using: &rng)] else { return }
            let approve = rng.chance(70)
            _ = try book.decide(view.number, approve: approve, decree: "A/\(Int.random(in: 1...999, using: &rng))",
                                date: CivilDate.fromMillis(now), amount: approve ? 100_000 : nil,
                                reason: approve ? nil : "бичиг дутуу",
                                received: DistrictOnTheAttackersCases.districtPapers(view), now: now)
        }
        world.tick()
    }
}
