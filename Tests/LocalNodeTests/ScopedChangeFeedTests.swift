import Foundation
import Testing
import HalamjTestSupport
@testable import ReplicaStorage
@testable import SyncModel

/// The hub's change feed answers within a scope: the records of its offices, nothing else,
/// in change-feed order and pages, one office or several.
struct ScopedChangeFeedTests {
    let dir = TemporaryDirectory()

    /// A hub holding r0…r5, of soum-1, soum-2 and soum-3 in turn.
    func hubWithThreeOffices() throws -> ReplicaStore {
        let store = try ReplicaStore.create(path: dir.path("hub.db"), replica: ReplicaID("hub-1")!, role: .hub, office: nil)
        for i in 0..<6 {
            _ = try store.transaction {
                try $0.write(RecordKey(collection: "cases", id: "r\(i)"), office: "soum-\(i % 3 + 1)", changes: ["n": "\(i)"], now: 1)
            }
        }
        return store
    }

    func ids(_ bodies: [[UInt8]]) throws -> [String] {
        try bodies.map { try #require(RecordJSON.decode($0)).id }
    }

    @Test func oneOfficesPull_GetsItsRecordsOnly_InPages() throws {
        let store = try hubWithThreeOffices()
        let first = try store.read { try $0.changedBodies(in: .office("soum-2"), since: 0, limit: 1) }
        #expect(try ids(first.bodies) == ["r1"])
        #expect(first.more)
        let rest = try store.read { try $0.changedBodies(in: .office("soum-2"), since: first.last!, limit: 10) }
        #expect(try ids(rest.bodies) == ["r4"])
        #expect(!rest.more)
    }

    @Test func aScopeOfTwoOffices_GetsBothOfficesRecords_AndNotTheThirds() throws {
        let store = try hubWithThreeOffices()
        let scope = SyncScope.district("hub-2", offices: ["soum-1", "soum-3"])
        let page = try store.read { try $0.changedBodies(in: scope, since: 0, limit: 10) }
        #expect(try ids(page.bodies) == ["r0", "r2", "r3", "r5"])
        let records = try store.read { try $0.changes(in: scope, since: 0, limit: 3) }
        #expect(records.records.map(\.record.id) == ["r0", "r2", "r3"])
        #expect(records.more)
    }
}
