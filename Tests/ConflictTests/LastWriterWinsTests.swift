import SyncModel
import Testing

/// `lastWriterWins` (name, phone, address): the highest clock reading is shown, the
/// other values stay listed in an open conflict until a person at the hub chooses.
@Suite("lastWriterWins: a name edited at an office and at the hub")
struct LastWriterWinsTests {
    let id = Scenario.caseID

    /// The office and the hub rename the case offline, then sync.
    func renamedAtBothSides(clockOffsets: [String: Int64] = [:]) -> (Network, office: Dot, hub: Dot) {
        var net = Scenario.network(clockOffsets: clockOffsets)
        let atOffice = net.write(["name": "Батболд"], case: id, at: Scenario.office).dot!
        net.later()
        let atHub = net.write(["name": "Бат-Эрдэнэ"], case: id, at: Scenario.hub).dot!
        net.later()
        net.syncUntilQuiet()
        return (net, atOffice, atHub)
    }

    @Test func theSameNameEditedOfflineAtAnOfficeAndAtTheHubShowsTheSameValueAndOneConflictWithBothValuesOnBoth() throws {
        let (net, atOffice, atHub) = renamedAtBothSides()
        let office = try #require(net.copy(id, at: Scenario.office))
        let hub = try #require(net.copy(id, at: Scenario.hub))
        #expect(Network.bytes(office) == Network.bytes(hub))
        #expect(office.value("name") == "Бат-Эрдэнэ" && hub.value("name") == "Бат-Эрдэнэ", "the later clock reading")

        let conflicts = hub.openConflicts
        try #require(conflicts.count == 1)
        let conflict = conflicts[0]
        #expect(conflict.kind == .values && conflict.field == "name" && conflict.policy == .lastWriterWins)
        #expect(conflict.values.map(\.value) == ["Бат-Эрдэнэ", "Батболд"])
        #expect(conflict.values.map(\.replica) == [Scenario.hub, Scenario.office], "who wrote each value")
        #expect(conflict.values.map(\.counter) == [atHub.counter, atOffice.counter])
        #expect(conflict.values.map(\.isCurrent) == [true, false])
        #expect(conflict.current == "Бат-Эрдэнэ")
        #expect(office.openConflicts == conflicts, "the same conflict, with the same id, at the office")
        #expect(net.convergenceProblems().isEmpty)
    }

    @Test func resolvingItByAHubWriteThatCoversBothSiblingsClosesItOnBothReplicasAfterSync() throws {
        var (net, _, _) = renamedAtBothSides()
        let conflict = try #require(net.copy(id, at: Scenario.hub)?.openConflicts.first)
        let resolution = try #require(net.write(["name": "Батболд"], case: id, at: Scenario.hub, kind: .resolution).dot)
        let hub = try #require(net.copy(id, at: Scenario.hub))
        #expect(hub.openConflicts.isEmpty)
        #expect(hub.entries("name").map(\.dot) == [resolution])
        #expect(net.copy(id, at: Scenario.office)?.openConflicts.map(\.id) == [conflict.id], "until the office syncs")

        net.syncUntilQuiet()
        for name in [Scenario.office, Scenario.hub] {
            let copy = try #require(net.copy(id, at: name))
            #expect(copy.openConflicts.isEmpty, "\(name)")
            #expect(copy.labels("name") == ["hub-43:\(resolution.counter)=Батболд"], "\(name)")
        }
        #expect(net.convergenceProblems().isEmpty)
    }

    @Test func anOfficeClockAYearAheadWinsTheValueShownButTheHubsValueStaysListed() throws {
        let (net, _, atHub) = renamedAtBothSides(clockOffsets: [Scenario.office: Scenario.year])
        let hub = try #require(net.copy(id, at: Scenario.hub))
        #expect(hub.value("name") == "Батболд", "the office's clock reads a year later")
        let conflict = try #require(hub.openConflicts.first)
        #expect(conflict.values.contains { $0.replica == Scenario.hub && $0.counter == atHub.counter && $0.value == "Бат-Эрдэнэ" })
        #expect(net.copy(id, at: Scenario.office)?.openConflicts == hub.openConflicts)
        #expect(net.convergenceProblems().isEmpty)
    }

    @Test func siblingsThatAgreeOnTheValueAreNoConflict() throws {
        var net = Scenario.network()
        net.write(["name": "Батболд"], case: id, at: Scenario.office)
        net.write(["name": "Батболд"], case: id, at: Scenario.hub)
        net.syncUntilQuiet()
        let hub = try #require(net.copy(id, at: Scenario.hub))
        #expect(hub.entries("name").count == 2)
        #expect(hub.value("name") == "Батболд")
        #expect(hub.openConflicts.isEmpty)
        #expect(net.convergenceProblems().isEmpty)
    }

    @Test func theHubNeverClosesALastWriterWinsConflictByItself() throws {
        let (net, atOffice, atHub) = renamedAtBothSides()
        let hub = try #require(net.copy(id, at: Scenario.hub))
        #expect(hub.automaticClosings.isEmpty)
        #expect(Set(hub.entries("name").map(\.dot)) == [atOffice, atHub], "both values wait for a person")
        #expect(net.writes.values.allSatisfy { $0.kind != .automaticClosing })
    }

    @Test func anEditThatHadSeenTheOtherValueReplacesItWithNoConflict() throws {
        var net = Scenario.network()
        net.write(["name": "Бат-Эрдэнэ"], case: id, at: Scenario.hub)
        net.syncUntilQuiet()
        let edit = try #require(net.write(["name": "Батболд"], case: id, at: Scenario.office).dot)
        net.syncUntilQuiet()
        let hub = try #require(net.copy(id, at: Scenario.hub))
        #expect(hub.entries("name").map(\.dot) == [edit])
        #expect(hub.openConflicts.isEmpty)
        #expect(net.convergenceProblems().isEmpty)
    }
}
