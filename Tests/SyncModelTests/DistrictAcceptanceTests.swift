import Testing
@testable import SyncModel

/// What the national hub takes from a district hub's push (issue 19): the district's offices'
/// records, its soums' and its own new writes, a hub's authority over what it wrote itself;
/// not another district's case, not a national decision dropped without the district having
/// acted, not a case moved out of its offices; and a case moved away keeps its history.
struct DistrictAcceptanceTests {
    let scope = SyncScope.district("hub-41", offices: ["soum-4101", "soum-4102"])
    let national = rid("hub-mn")

    func acceptance(nationalCounter: UInt64 = 10, latest: UInt64 = 10) -> PushAcceptance {
        PushAcceptance(scope: scope, replica: rid("hub-41"), latestCounter: latest, hub: national, hubCounter: nationalCounter, formerHubIDs: [])
    }

    /// A case of soum-4101 as the national hub holds it: the soum's name, the national decision.
    func held() -> (record: Record, soum: Writer, nationalWriter: Writer) {
        var record = blankCase(id: "4101-2026-000001", office: "soum-4101")
        var soum = Writer("soum-4101"), nationalWriter = Writer("hub-mn")
        soum.write(["name": "Бат", "status": "submitted"], to: &record)
        nationalWriter.write(["decision": "approved"], to: &record, now: 2_000)
        return (record, soum, nationalWriter)
    }

    @Test func aDistrict_BringsItsSoumsAndItsOwnWrites_ButNotAnotherDistrictsCase() {
        var (record, soum, _) = held()
        var district = Writer("hub-41")
        soum.write(["phone": "99"], to: &record, now: 3_000)
        district.write(["status": "received"], to: &record, now: 3_100)
        guard case .accepted = acceptance().verdict(on: record, held: held().record) else {
            Issue.record("the district's relay of its soum's write and its own was refused")
            return
        }
        var other = blankCase(id: "4201-2026-000001", office: "soum-4201")
        var foreign = Writer("soum-4201")
        foreign.write(["name": "Дорж"], to: &other)
        guard case .refused(let refusal) = acceptance().verdict(on: other, held: nil) else {
            Issue.record("another district's new case was taken")
            return
        }
        #expect(refusal.reason.contains("names office soum-4201"))
    }

    @Test func aNationalDecision_IsDroppedOnlyByADistrictThatWroteSince() {
        let (heldRecord, _, _) = held()
        // A copy that lost the national decision's entry but claims to have seen it: refused.
        let forged = Record(collection: heldRecord.collection, id: heldRecord.id, office: heldRecord.office,
                            fields: heldRecord.fields.filter { $0.key != "decision" }, vector: heldRecord.vector)
        guard case .refused(let refusal) = acceptance().verdict(on: forged, held: heldRecord) else {
            Issue.record("a copy erasing the national decision was taken")
            return
        }
        #expect(refusal.field == "decision")
        // The district decided again itself, having seen the national decision: its hub authority.
        var decided = heldRecord
        var district = Writer("hub-41")
        district.write(["decision": "rejected"], to: &decided, now: 5_000)
        guard case .accepted(let merged) = acceptance().verdict(on: decided, held: heldRecord) else {
            Issue.record("the district's own later decision was refused")
            return
        }
        #expect(merged?.value("decision") == "rejected")
    }

    @Test func aDistrict_CannotMoveACaseOutOfItsOffices_ButMovesItBetweenThem() {
        let (heldRecord, _, _) = held()
        var district = Writer("hub-41")
        var away = heldRecord
        district.write(Holding.transfer(away, to: "soum-4201")!, to: &away, now: 6_000)
        guard case .refused(let refusal) = acceptance().verdict(on: away, held: heldRecord) else {
            Issue.record("a district moved a case to another district's office")
            return
        }
        #expect(refusal.field == Holding.officeField)
        var within = heldRecord
        district.write(Holding.transfer(within, to: "soum-4102")!, to: &within, now: 6_000)
        guard case .accepted(let merged) = acceptance().verdict(on: within, held: heldRecord) else {
            Issue.record("a move between the district's own offices was refused")
            return
        }
        #expect(merged?.currentOffice == "soum-4102" && merged?.formerOffices == ["soum-4101"])
    }

    @Test func twoHubsMovingACaseAtOnce_KeepEveryOfficeInItsHistory() {
        var (record, _, nationalWriter) = held()
        var district = Writer("hub-41")
        var atDistrict = record
        district.write(Holding.transfer(atDistrict, to: "soum-4102")!, to: &atDistrict, now: 7_000)
        nationalWriter.write(Holding.transfer(record, to: "soum-4201")!, to: &record, now: 7_100)
        let both = record.merged(with: atDistrict)
        #expect(Set(both.holders) == ["soum-4101", "soum-4102", "soum-4201"])
        let closings = both.automaticClosings
        var closed = both
        nationalWriter.write(closings, to: &closed, now: 8_000)
        #expect(closed.fieldsWithSiblings.isEmpty)
        #expect(closed.currentOffice == both.currentOffice)
        #expect(Set(closed.holders) == ["soum-4101", "soum-4102", "soum-4201"], "the closing keeps the losing move's office")
    }

    @Test func anOffice_CannotTakeACase_NorMoveItsOwn() {
        let start = held()
        let heldRecord = start.record
        var soum = start.soum
        // soum-4102 writes the move itself, to take soum-4101's case: not its record, and hub authority.
        var taken = heldRecord
        var thief = Writer("soum-4102")
        thief.write([Holding.officeField: "soum-4102"], to: &taken, now: 9_000)
        let office = PushAcceptance(scope: .office("soum-4102"), replica: rid("soum-4102"), latestCounter: 5,
                                    hub: national, hubCounter: 10, formerHubIDs: [])
        guard case .refused = office.verdict(on: taken, held: heldRecord) else {
            Issue.record("an office took another office's case")
            return
        }
        // soum-4101 moves its own case: only a hub does.
        var moved = heldRecord
        soum.write([Holding.officeField: "soum-4102", Holding.formerField: "soum-4101"], to: &moved, now: 9_100)
        let own = PushAcceptance(scope: .office("soum-4101"), replica: rid("soum-4101"), latestCounter: 5,
                                 hub: national, hubCounter: 10, formerHubIDs: [])
        guard case .refused(let refusal) = own.verdict(on: moved, held: heldRecord) else {
            Issue.record("an office moved its case itself")
            return
        }
        #expect(refusal.field == Holding.formerField || refusal.field == Holding.officeField)
        #expect(WriteRules.check(collection: "cases", changes: [Holding.officeField: "soum-4102"], writer: rid("soum-4101"), existing: heldRecord) != nil)
    }
}
