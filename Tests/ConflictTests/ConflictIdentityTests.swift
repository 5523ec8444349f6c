import SyncModel
import Testing

/// A conflict's id is derived from the record, the field and the sorted sibling dots:
/// the same on every replica, and a new one whenever the sibling set changes.
@Suite("conflict ids")
struct ConflictIdentityTests {
    let id = Scenario.caseID

    @Test func conflictIDsAreEqualOnEveryReplica() throws {
        var net = Scenario.network(national: true)
        net.write(["name": "Батболд"], case: id, at: Scenario.office)
        net.write(["name": "Бат-Эрдэнэ"], case: id, at: Scenario.hub)
        net.write(["name": "Батаа"], case: id, at: Scenario.national)
        net.syncUntilQuiet()
        let ids = try [Scenario.office, Scenario.hub, Scenario.national].map {
            try #require(net.copy(id, at: $0)).openConflicts.map(\.id)
        }
        #expect(ids[0].count == 1)
        #expect(ids.allSatisfy { $0 == ids[0] })
        #expect(net.copy(id, at: Scenario.national)?.openConflicts.first?.values.count == 3)
        #expect(net.convergenceProblems().isEmpty)
    }

    @Test func theConflictIDChangesWhenTheSiblingSetChanges() throws {
        var net = Scenario.network(national: true)
        net.write(["name": "Батболд"], case: id, at: Scenario.office)
        net.write(["name": "Бат-Эрдэнэ"], case: id, at: Scenario.hub)
        net.push(Scenario.office)
        let first = try #require(net.copy(id, at: Scenario.hub)?.openConflicts.first?.id)

        // The office renames again without having seen the hub's name: its new value
        // replaces its old sibling, so the set of siblings, and the id, change.
        net.write(["name": "Батболдын"], case: id, at: Scenario.office)
        net.push(Scenario.office)
        let second = try #require(net.copy(id, at: Scenario.hub)?.openConflicts.first)
        #expect(second.id != first)
        #expect(second.values.map(\.value) == ["Бат-Эрдэнэ", "Батболдын"])

        // A third value from the national hub: another id.
        net.write(["name": "Батаа"], case: id, at: Scenario.national)
        net.pull(Scenario.hub)
        let third = try #require(net.copy(id, at: Scenario.hub)?.openConflicts.first)
        #expect(third.values.count == 3 && third.id != second.id && third.id != first)

        // Resolved at the hub: no conflict anywhere, and none of the old ids comes back.
        net.write(["name": "Батболд"], case: id, at: Scenario.hub, kind: .resolution)
        net.syncUntilQuiet()
        for name in [Scenario.office, Scenario.hub, Scenario.national] {
            #expect(net.copy(id, at: name)?.openConflicts.isEmpty == true, "\(name)")
        }
        #expect(net.convergenceProblems().isEmpty)
    }

    @Test func theConflictIDDoesNotDependOnTheOrderTheDotsComeIn() {
        let dots = [dot("soum-4301", 7), dot("hub-43", 3), dot("hub-national", 12), dot("soum-4301", 2)]
        let ids = Set(permutations(dots).map { Conflict.makeID(collection: "cases", record: id, field: "name", dots: $0) })
        #expect(ids.count == 1)
        // A deletion conflict names the tombstone's dot first: its id must still be the sorted one.
        var base = blankCase()
        var office = Pen(Scenario.office), hub = Pen(Scenario.hub)
        office.write(["name": "Дорж"], to: &base, wall: 1_000)
        var a = base, b = base
        office.write(a.deletionChanges, to: &a, wall: 2_000)  // soum-4301:2, after…
        hub.write(["phone": "88001100"], to: &b, wall: 2_100)  // …hub-43:1, which sorts first
        let conflict = a.merged(with: b).openConflicts.first { $0.kind == .deletion }
        #expect(conflict?.id == Conflict.makeID(
            collection: "cases", record: id, field: Record.tombstoneField, dots: [dot("hub-43", 1), dot("soum-4301", 2)]))
    }

    @Test func theConflictIDNamesTheRecordTheFieldAndEveryDot() {
        let dots = [dot("hub-43", 3), dot("soum-4301", 7)]
        let base = Conflict.makeID(collection: "cases", record: id, field: "name", dots: dots)
        #expect(base.hasPrefix("k") && base.count == 13)
        #expect(Conflict.makeID(collection: "cases", record: id, field: "phone", dots: dots) != base)
        #expect(Conflict.makeID(collection: "cases", record: "4301-2026-000002", field: "name", dots: dots) != base)
        #expect(Conflict.makeID(collection: "people", record: id, field: "name", dots: dots) != base)
        #expect(Conflict.makeID(collection: "cases", record: id, field: "name", dots: [dot("hub-43", 3), dot("soum-4301", 8)]) != base)
        #expect(Conflict.makeID(collection: "cases", record: id, field: "name", dots: [dot("hub-43", 3)]) != base)
    }

    @Test func aDeletionConflictGetsANewIDWhenAnotherEditItHadNotSeenArrives() throws {
        var net = Scenario.network()
        net.write(["phone": "88001100"], case: id, at: Scenario.office)
        net.write(try #require(net.copy(id, at: Scenario.hub)).deletionChanges, case: id, at: Scenario.hub)
        net.syncUntilQuiet()
        let first = try #require(net.copy(id, at: Scenario.hub)?.openConflicts.first { $0.kind == .deletion })
        net.write(["address": "Сүхбаатар сум"], case: id, at: Scenario.office)
        net.syncUntilQuiet()
        let second = try #require(net.copy(id, at: Scenario.hub)?.openConflicts.first { $0.kind == .deletion })
        #expect(second.id != first.id && second.values.count == first.values.count + 1)
        #expect(net.copy(id, at: Scenario.office)?.openConflicts.map(\.id) == [second.id])
    }
}
