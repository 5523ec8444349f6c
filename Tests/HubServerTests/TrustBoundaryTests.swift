import Foundation
import Testing
import HalamjTestSupport
@testable import HubServer
import ReplicaStorage
import CaseBooks
import SyncModel
import HalamjHTTP

/// Issue 13's attacks, each by someone holding one office's token (soum-4305), against
/// the hub's acceptance rule: an office adds only its own new writes.
@Suite struct TrustBoundaryTests: HubRouteTesting {
    let directory = TemporaryDirectory()
    let store: ReplicaStore
    let router: HubRouter
    let token: String
    let otherToken: String
    let office = ReplicaID("soum-4305")!
    let caseNumber = "4305-2026-000001"

    init() throws {
        store = try Hub.create(path: directory.path("hub.db"), id: ReplicaID("hub-43")!)
        router = HubRouter(sync: SyncRoutes(store: store), admin: AdminRoutes(store: store))
        token = try OfficeRegistry(store: store).add("soum-4305", now: 1)
        otherToken = try OfficeRegistry(store: store).add("soum-4306", now: 1)
    }

    /// Pushes and returns each record's result (the whole answer must be a 200).
    func push(_ records: [Record], token: String? = nil, replica: String = "soum-4305", latest: UInt64) throws -> [PushResult] {
        let answer = try router.handle(request("POST", "/v1/sync/push", token: token ?? self.token,
                                               body: try pushBody(records, replica: replica, latest: latest)))
        return try JSONDecoder().decode(PushResponse.self, from: Data(answer.body)).results
    }

    func held(_ id: String, collection: String = "cases") throws -> Record? {
        try store.read { try $0.load(RecordKey(collection: collection, id: id)) }?.record
    }

    /// The office's case as the hub holds it, after the office pushed it (counter 1).
    func pushedCase() throws -> Record {
        var record = Record(collection: "cases", id: caseNumber, office: office.rawValue)
        record.write(["rd": "УБ99032312", "service": "pregnancy-allowance", "status": "draft", "name": "Бат"],
                     dot: Dot(replica: office, counter: 1), hlc: HLCTimestamp(wallMillis: 1_000, logical: 0, replica: office))
        #expect(try push([record], latest: 1).map(\.outcome) == [.merged])
        return try #require(try held(caseNumber))
    }

    /// `record` with `entries` added by `writer` at `counter` (and the vector claiming it).
    func adding(_ changes: [String: String], by writer: ReplicaID, counter: UInt64, to record: Record) -> Record {
        var fields = record.fields
        for (field, value) in changes {
            fields[field] = [FieldEntry(value: value, dot: Dot(replica: writer, counter: counter),
                                        hlc: HLCTimestamp(wallMillis: 5_000, logical: 0, replica: writer))]
        }
        var vector = record.vector
        vector.advance(writer, to: counter)
        return Record(collection: record.collection, id: record.id, office: record.office, fields: fields, vector: vector)
    }

    /// A write made at the hub to the office's case (a decision, an edit).
    func districtWrites(_ changes: [String: String]) throws {
        _ = try store.transaction { tx in
            try tx.write(RecordKey(collection: "cases", id: caseNumber), office: office.rawValue, changes: changes, now: 2_000)
        }
    }

    static let forgedDecision = ["decision": "approved", "decree_number": "A/999", "approved_amount": "99999999", "status": "approved"]

    // MARK: 1. forged governor's decision

    @Test func aDecisionWrittenAs_aHubIdThatLooksRestored_IsRefused() throws {
        let forged = adding(Self.forgedDecision, by: ReplicaID("hub-43_r1")!, counter: 7, to: try pushedCase())
        let result = try #require(try push([forged], latest: 1).first)
        #expect(result.outcome == .refused)
        #expect(result.reason?.contains("hub-43_r1") == true, "\(result.reason ?? "")")
        let record = try #require(try held(caseNumber))
        #expect(record.value("decision") == nil && record.value("approved_amount") == nil)
        #expect(record.value("status") == "draft")
        let report = try CaseBook(store: store).districtReport(from: CivilDate(iso: "2000-01-01")!, to: CivilDate(iso: "2099-12-31")!)
        #expect(report.total.approved == 0 && report.total.payments == 0, "the report counts no approval and no payment")
    }

    @Test func aRealRejection_CannotBeOverturned_ByAForgedHubWrite() throws {
        _ = try pushedCase()
        try districtWrites(["status": "rejected", "decision": "rejected", "decree_number": "A/12"])
        let pulled = try #require(try held(caseNumber))
        for writer in ["hub-43_r1", "hub-43", "hub-99"] {
            let counter = pulled.vector[ReplicaID("hub-43")!] + 5
            let forged = adding(Self.forgedDecision.merging(["payment": "5000000"]) { a, _ in a },
                                by: ReplicaID(writer)!, counter: counter, to: pulled)
            let result = try #require(try push([forged], latest: 1).first)
            #expect(result.outcome == .refused, "written as \(writer)")
        }
        #expect(try held(caseNumber)?.value("decision") == "rejected")
        #expect(try held(caseNumber)?.value("payment") == nil)
    }

    @Test func aRestoredHub_TakesBackItsFormerWrites_FromItsOwnHistoryOnly() throws {
        // hub-43 decides, is backed up, and restored: it becomes hub-43_r…, and its
        // former id is in its own history. The office brings back the decision the
        // restored hub lost; a made-up former id is still refused.
        _ = try pushedCase()
        try districtWrites(["decision": "approved", "decree_number": "A/1"])
        let nodeCopy = try #require(try held(caseNumber))
        let empty = try Hub.create(path: directory.path("empty.db"), id: ReplicaID("hub-43")!)
        try empty.backup(to: directory.path("backup.db"))
        let restoredID = try ReplicaFiles.restore(directory.path("backup.db"), to: directory.path("restored.db"), role: .hub, force: false,
                                                  extraMigrations: HubSchema.migrations)
        let restored = try ReplicaStore.open(path: directory.path("restored.db"), extraMigrations: HubSchema.migrations)
        let restoredToken = try OfficeRegistry(store: restored).add("soum-4305", now: 3)
        let restoredRouter = HubRouter(sync: SyncRoutes(store: restored), admin: AdminRoutes(store: restored))
        #expect(restoredID != ReplicaID("hub-43")!)
        let answer = try restoredRouter.handle(request("POST", "/v1/sync/push", token: restoredToken, body: try pushBody([nodeCopy], latest: 1)))
        #expect(try JSONDecoder().decode(PushResponse.self, from: Data(answer.body)).results.map(\.outcome) == [.merged])
        #expect(try restored.read { try $0.load(RecordKey(collection: "cases", id: caseNumber)) }?.record.value("decision") == "approved")
        let madeUp = adding(["decision": "rejected"], by: ReplicaID("hub-43_r2")!, counter: 9, to: nodeCopy)
        let refused = try restoredRouter.handle(request("POST", "/v1/sync/push", token: restoredToken, body: try pushBody([madeUp], latest: 1)))
        #expect(try JSONDecoder().decode(PushResponse.self, from: Data(refused.body)).results.map(\.outcome) == [.refused])
    }

    @Test func anOffice_CannotWriteAHubField_NorReplaceAHubOnlyStateItHasSeen() throws {
        let held = try pushedCase()
        let ownDecision = adding(["approved_amount": "99999999"], by: office, counter: 2, to: held)
        let refused = try #require(try push([ownDecision], latest: 2).first)
        #expect(refused.outcome == .refused && refused.field == "approved_amount", "\(refused)")
        try districtWrites(["status": "approved", "decision": "approved"])
        // The office has pulled the approval, and writes its case back to a draft over it.
        let seen = try #require(try self.held(caseNumber))
        let backToDraft = adding(["status": "draft"], by: office, counter: 3, to: seen)
        let result = try #require(try push([backToDraft], latest: 3).first)
        #expect(result.outcome == .refused && result.field == "status", "\(result)")
        #expect(try self.held(caseNumber)?.value("status") == "approved")
    }

    @Test func anOffice_CannotTickTheDistrictsOwnPapers() throws {
        let held = try pushedCase()
        for field in ["doc_governor_decree", "doc_official_letter"] {
            let ticked = adding([field: "received"], by: office, counter: 2, to: held)
            let refused = try #require(try push([ticked], latest: 2).first)
            #expect(refused.outcome == .refused && refused.field == field, "\(refused)")
            #expect(try self.held(caseNumber)?.value(field) == nil)
        }
    }

    @Test func fieldsInAShapeNoHalamjWrites_AreRefused() throws {
        let held = try pushedCase()
        for (field, value) in [("Bad Name", "x"), ("id", "x"), ("notes", String(repeating: "я", count: 40_000)), ("deleted_seen", "not a vector")] {
            let odd = adding([field: value], by: office, counter: 2, to: held)
            let result = try #require(try push([odd], latest: 2).first)
            #expect(result.outcome == .refused, "\(field)")
        }
        #expect(try self.held(caseNumber) == held)
    }

    // MARK: 2. lock-out by squatting

    @Test func anotherOfficesNextNumber_CannotBeSquatted_NorItsPeople_NorUnknownCollections() throws {
        let squat = record("4306-2026-000003", office: "soum-4305")
        var person = Record(collection: "people", id: "4306-УБ99032312", office: "soum-4305")
        person.write(["name": "x"], dot: Dot(replica: office, counter: 1), hlc: HLCTimestamp(wallMillis: 1, logical: 0, replica: office))
        var junk = Record(collection: "payments", id: "4305-1", office: "soum-4305")
        junk.write(["amount": "1"], dot: Dot(replica: office, counter: 1), hlc: HLCTimestamp(wallMillis: 1, logical: 0, replica: office))
        let results = try push([squat, person, junk], latest: 1)
        #expect(results.map(\.outcome) == [.refused, .refused, .refused])
        #expect(results[0].reason?.contains("not an id soum-4305 makes") == true, "\(results[0].reason ?? "")")
        #expect(results[2].reason?.contains("not 'payments'") == true, "\(results[2].reason ?? "")")
        #expect(try store.read { try $0.records(collection: "payments") }.isEmpty)
        // The office whose number it was syncs its third case as usual.
        let own = record("4306-2026-000003", office: "soum-4306")
        #expect(try push([own], token: otherToken, replica: "soum-4306", latest: 1).map(\.outcome) == [.merged])
        #expect(try held("4306-2026-000003")?.office == "soum-4306")
    }

    // MARK: 4. a crafted record that would crash the node

    @Test func aVectorClaimingTheOfficesWritesBeyondItsCounter_IsRefused() throws {
        var crafted = try pushedCase()
        crafted = adding(["phone": "1"], by: office, counter: 2, to: crafted)
        crafted = Record(collection: crafted.collection, id: crafted.id, office: crafted.office, fields: crafted.fields,
                         vector: crafted.vector.merged(with: VersionVector([office: 1_000_000])))
        let result = try #require(try push([crafted], latest: 2).first)
        #expect(result.outcome == .refused)
        #expect(result.reason?.contains("beyond the latest counter 2") == true, "\(result.reason ?? "")")
        let entry = adding(["phone": "1"], by: office, counter: 50, to: try #require(try held(caseNumber)))
        #expect(try push([entry], latest: 2).first?.outcome == .refused)
        #expect(try held(caseNumber)?.vector[office] == 1)
    }

    /// Found by the adversarial property test (a byte edit of a real push): a former
    /// incarnation's counter past what the hub's tables hold (2^63 - 1) was accepted and
    /// recorded as 2^63 - 1, so the record claimed writes the hub says never happened.
    @Test func aCounterPastWhatTheHubCanRecord_IsRefused_ForAnyIncarnation() throws {
        let honest = try pushedCase()
        let huge = UInt64(Int64.max) + 1
        let former = ReplicaID("soum-4305_rq1")!
        for writer in [former, office] {
            let crafted = adding(["notes": "x"], by: writer, counter: huge, to: honest)
            let result = try #require(try push([crafted], latest: 1).first)
            #expect(result.outcome == .refused, "\(writer)")
            #expect(result.reason?.contains("at most \(Int64.max)") == true || result.reason?.contains("beyond the latest counter") == true,
                    "\(result.reason ?? "")")
        }
        #expect(try held(caseNumber) == honest)
        let recorded = try store.read { tx in
            try tx.database.query("SELECT count(*) FROM office_replicas WHERE replica = ?", [.text(former.rawValue)]) { $0.int(0) }
        }
        #expect(recorded == [0], "nothing recorded of the made-up incarnation")
    }

    // MARK: 5. permanent lock-out by one bad push, and its repair

    @Test func anInflatedCounter_LocksTheOfficeOut_UntilTheDistrictResetsIt() throws {
        let honest = try pushedCase()
        let inflated = adding(["notes": "x"], by: office, counter: 1_000_000_000_000, to: honest)
        #expect(try push([inflated], latest: 1_000_000_000_000).map(\.outcome) == [.merged])
        let next = adding(["phone": "99"], by: office, counter: 2, to: honest)
        let locked = outcome(request("POST", "/v1/sync/push", token: token, body: try pushBody([next], latest: 2)))
        #expect(locked.status == 409 && locked.code == "replica-rewound")
        #expect(locked.message?.contains("office reset") == true)
        // The office's line says something is wrong instead of staying healthy.
        let line = try #require(try StatusReport(store: store).build(now: 10_000).offices.first { $0.id == "soum-4305" })
        #expect(line.state == .attention, "\(line.reasons)")
        // Rotating the token does not help; resetting to the office's own counter does.
        let reset = try OfficeRepair(store: store).reset("soum-4305", counter: 2, by: "test", now: 11_000)
        #expect(reset.previousCounter == 1_000_000_000_000)
        #expect(reset.recordsBeyond == ["cases/\(caseNumber)"])
        #expect(try push([record("4305-2026-000002", office: "soum-4305", counter: 2)], latest: 2).map(\.outcome) == [.merged])
        #expect(try AuditLog(store: store).entries().contains { $0.action == "office reset" && $0.subject == "soum-4305" })
    }

    // MARK: records an office should never have had

    @Test func purgeAndReassign_AreTheDistrictsRepairs_AndAreAudited() throws {
        _ = try pushedCase()
        let repair = OfficeRepair(store: store)
        try repair.reassign(RecordKey(collection: "cases", id: caseNumber), to: "soum-4306", by: "test", now: 2)
        #expect(try held(caseNumber)?.office == "soum-4306")
        // The new office pulls it; the old one's pushes of it are refused.
        let pulled = try router.handle(request("GET", "/v1/sync/pull", token: otherToken))
        #expect(try JSONDecoder().decode(PullResponse.self, from: Data(pulled.body)).records.map(\.id) == [caseNumber])
        #expect(try push([record(caseNumber, office: "soum-4305", counter: 2)], latest: 2).first?.outcome == .refused)
        try repair.purge(RecordKey(collection: "cases", id: caseNumber), by: "test", now: 3)
        #expect(try held(caseNumber) == nil)
        let audit = try AuditLog(store: store).entries()
        #expect(audit.contains { $0.action == "record reassign" && $0.detail == "soum-4305 -> soum-4306" })
        #expect(audit.contains { $0.action == "record purge" && $0.detail.contains("УБ99032312") }, "the purged content is kept")
        #expect(throws: OfficeRepair.RepairError.unknownRecord("cases/\(caseNumber)")) {
            try repair.purge(RecordKey(collection: "cases", id: caseNumber), by: "test", now: 4)
        }
    }

    // MARK: also reported by the probe

    @Test func aCopyWithoutFields_ClaimingTheHubsWrites_CannotEraseThem() throws {
        _ = try pushedCase()
        try districtWrites(["doc_application": "received", "decision_reason": "бичиг дутуу"])
        let full = try #require(try held(caseNumber))
        let empty = Record(collection: "cases", id: caseNumber, office: office.rawValue, fields: [:], vector: full.vector)
        let result = try #require(try push([empty], latest: 1).first)
        #expect(result.outcome == .refused)
        #expect(result.reason?.contains("would erase field") == true, "\(result.reason ?? "")")
        #expect(try held(caseNumber) == full)
    }

    @Test func aDeletionClaimingToHaveSeenTheHubsWrites_IsRefused() throws {
        let held = try pushedCase()
        try districtWrites(["notes": "шалгасан"])
        // Deleted "knowingly": no deletion conflict would list the hub's edit it never saw.
        let deletion = adding([Record.tombstoneField: "true", Record.deletionContextField: "hub-43:50,soum-4305:1"],
                              by: office, counter: 2, to: held)
        let result = try #require(try push([deletion], latest: 2).first)
        #expect(result.outcome == .refused)
        #expect(result.field == Record.deletionContextField)
        let honest = adding(held.deletionChanges, by: office, counter: 2, to: held)
        #expect(try push([honest], latest: 2).first?.outcome == .merged)
        #expect(try self.held(caseNumber)?.openConflicts.isEmpty == false, "the hub's unseen edit is listed with the deletion")
    }

    @Test func anotherWriteUnderAHeldDot_IsRefused() throws {
        let held = try pushedCase()
        let twin = Record(collection: "cases", id: caseNumber, office: office.rawValue,
                          fields: held.fields.merging(["name": [FieldEntry(value: "Дорж", dot: Dot(replica: office, counter: 1),
                                                                            hlc: HLCTimestamp(wallMillis: 1_000, logical: 0, replica: office))]]) { _, b in b },
                          vector: held.vector)
        let result = try #require(try push([twin], latest: 1).first)
        #expect(result.outcome == .refused)
        #expect(try self.held(caseNumber)?.value("name") == "Бат")
    }

    @Test func aRecordWithKeysThisHubDoesNotKnow_IsRefused_NotStoredWithoutThem() throws {
        let body = try pushBody([record("4305-2026-000001", office: "soum-4305"), record("4305-2026-000002", office: "soum-4305")])
        var object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        var records = try #require(object["records"] as? [[String: Any]])
        records[0]["attachments"] = ["scan.pdf"]
        object["records"] = records
        object["newSelfReport"] = 1  // unknown top-level keys are a newer node's news, not data
        let answer = try router.handle(request("POST", "/v1/sync/push", token: token, body: try JSONSerialization.data(withJSONObject: object)))
        let results = try JSONDecoder().decode(PushResponse.self, from: Data(answer.body)).results
        #expect(results.map(\.outcome) == [.refused, .merged])
        #expect(results[0].reason?.contains("'attachments'") == true, "\(results[0].reason ?? "")")
        #expect(try held("4305-2026-000001") == nil)
    }

    @Test func selfReportsOutOfBounds_AreRefused_AndNeverReachTheDashboard() throws {
        func send(_ edit: (inout PushRequest) -> Void) throws -> (status: Int, code: String?, message: String?) {
            var push = PushRequest(replica: office, deliveredThrough: 0, latestCounter: 0, pendingCount: 0,
                                   oldestPendingSeconds: nil, records: [])
            edit(&push)
            return outcome(request("POST", "/v1/sync/push", token: token, body: try JSONEncoder().encode(push)))
        }
        #expect(try send { $0.softwareVersion = String(repeating: "v", count: 100_000) }.status == 400)
        #expect(try send { $0.softwareVersion = "<script>" + String(repeating: "\u{7}", count: 3) }.status == 400)
        #expect(try send { $0.oldestPendingSeconds = Int.min }.status == 400)
        #expect(try send { $0.pendingCount = -1 }.status == 400)
        #expect(try send { $0.softwareVersion = "halamj 0.4.0" }.status == 200)
        #expect(try OfficeRegistry(store: store).office("soum-4305")?.softwareVersion == "halamj 0.4.0")
    }
}
