import Foundation
import Testing
import HalamjTestSupport
@testable import HubServer
import LocalNode
import SyncModel
import HalamjHTTP

/// A decision's legal ground (the care category it was made on) is the district's:
/// someone holding one office's token cannot forge it, nor change it after the decision.
@Suite struct CareCategoryTrustTests: HubRouteTesting {
    let directory = TemporaryDirectory()
    let store: ReplicaStore
    let router: HubRouter
    let token: String
    let office = ReplicaID("soum-4305")!
    let caseNumber = "4305-2026-000001"

    init() throws {
        store = try Hub.create(path: directory.path("hub.db"), id: ReplicaID("hub-43")!)
        router = HubRouter(sync: SyncRoutes(store: store), admin: AdminRoutes(store: store))
        token = try OfficeRegistry(store: store).add("soum-4305", now: 1)
    }

    func push(_ record: Record, latest: UInt64) throws -> PushResult {
        let answer = try router.handle(request("POST", "/v1/sync/push", token: token,
                                               body: try pushBody([record], replica: office.rawValue, latest: latest)))
        return try #require(try JSONDecoder().decode(PushResponse.self, from: Data(answer.body)).results.first)
    }

    func held() throws -> Record {
        try #require(try store.read { try $0.load(RecordKey(collection: "cases", id: caseNumber)) }?.record)
    }

    func adding(_ changes: [String: String], counter: UInt64, to record: Record) -> Record {
        var copy = record
        var fields = copy.fields
        for (field, value) in changes {
            fields[field] = [FieldEntry(value: value, dot: Dot(replica: office, counter: counter),
                                        hlc: HLCTimestamp(wallMillis: 5_000, logical: 0, replica: office))]
        }
        var vector = copy.vector
        vector.advance(office, to: counter)
        copy = Record(collection: copy.collection, id: copy.id, office: copy.office, fields: fields, vector: vector)
        return copy
    }

    /// The office's submitted care case, as the hub holds it.
    func submittedCareCase() throws -> Record {
        var record = Record(collection: "cases", id: caseNumber, office: office.rawValue)
        record.write(["rd": "УБ45010112", "service": "care-disabled", "status": "submitted", "name": "Бат",
                      CareCategory.field: "disabled_without_support"],
                     dot: Dot(replica: office, counter: 1), hlc: HLCTimestamp(wallMillis: 1_000, logical: 0, replica: office))
        #expect(try push(record, latest: 1).outcome == .merged)
        return try held()
    }

    @Test func anOffice_CannotForgeADecisionsLegalGround() throws {
        let held = try submittedCareCase()
        let forged = adding([CareCategory.decisionField: "disabled_child_in_permanent_care"], counter: 2, to: held)
        let result = try push(forged, latest: 2)
        #expect(result.outcome == .refused && result.field == CareCategory.decisionField, "\(result)")
        #expect(try self.held().value(CareCategory.decisionField) == nil)
    }

    @Test func anOffice_CannotChangeTheGround_OfADecisionItHasSeen() throws {
        _ = try submittedCareCase()
        let decided = try CaseBook(store: store).decide(caseNumber, approve: true, decree: "А/7", date: CivilDate(iso: "2026-11-20")!,
                                                        amount: nil, reason: nil, received: ["official_letter"], now: 2_000)
        #expect(decided.values[CareCategory.decisionField] == "disabled_without_support")
        // The office pulled the decision and writes another ground over it.
        let seen = try held()
        let rewritten = adding([CareCategory.decisionField: "disabled_child_in_permanent_care"], counter: 2, to: seen)
        let result = try push(rewritten, latest: 2)
        #expect(result.outcome == .refused && result.field == CareCategory.decisionField, "\(result)")
        #expect(try held().value(CareCategory.decisionField) == "disabled_without_support")
        // Changing its own category afterwards is its edit, but not the decision's ground.
        let recategorised = adding([CareCategory.field: "disabled_child_in_permanent_care"], counter: 2, to: seen)
        #expect(try push(recategorised, latest: 2).outcome == .merged)
        #expect(try held().value(CareCategory.decisionField) == "disabled_without_support")
    }
}
