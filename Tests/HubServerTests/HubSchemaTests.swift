import Foundation
import Testing
import HalamjTestSupport
import HubServer
import LocalNode
import ReplicaStorage
import SyncModel

/// The node's own tables (its web users, its access log) belong to the node's file only
/// since issue 16; hubs made before keep opening.
struct HubSchemaTests {
    let dir = TemporaryDirectory()

    func tables(_ store: ReplicaStore) throws -> Set<String> {
        Set(try store.read { tx in
            try tx.database.query("SELECT name FROM sqlite_master WHERE type = 'table'") { $0.text(0) }
        })
    }

    @Test func aNewHub_HasNoNodeUsers_ButTheDesks_AndANewNodeHasItsOwn() throws {
        let hub = try Hub.create(path: dir.path("hub.db"), id: ReplicaID("hub-43")!)
        let hubTables = try tables(hub)
        #expect(hubTables.contains("offices") && hubTables.contains("records"))
        #expect(!hubTables.contains("local_users"))
        // The district's desk (issue 18): its own users, with roles, and an access log.
        #expect(hubTables.contains("desk_users") && hubTables.contains("access_log"))
        let node = try NodeStore.create(path: dir.path("node.db"), replica: ReplicaID("soum-4305")!, office: "soum-4305")
        let nodeTables = try tables(node)
        #expect(nodeTables.contains("local_users") && nodeTables.contains("access_log"))
        #expect(!nodeTables.contains("offices") && !nodeTables.contains("desk_users"))
    }

    @Test func aHubMadeByAnEarlierRelease_WithTheNodeTables_StillOpens_AndKeepsItsOffices() throws {
        // What an earlier release made: the node's steps ran in every hub.
        let path = dir.path("old-hub.db")
        let earlier = try ReplicaStore.create(
            path: path, replica: ReplicaID("hub-43")!, role: .hub, office: nil,
            extraMigrations: NodeSchema.migrations + HubSchema.migrations.filter { $0.sql != nil })
        let token = try OfficeRegistry(store: earlier).add("soum-4305", now: 1)
        let reopened = try Hub.open(path: path)
        #expect(try OfficeRegistry(store: reopened).authenticate(token: token) == "soum-4305")
        #expect(try tables(reopened).contains("local_users"))
    }

    @Test func aStepNoReleaseKnows_StillMeansANewerHalamj() throws {
        let path = dir.path("newer.db")
        _ = try ReplicaStore.create(
            path: path, replica: ReplicaID("hub-43")!, role: .hub, office: nil,
            extraMigrations: HubSchema.migrations.filter { $0.sql != nil } + [Migration("0199-future", "CREATE TABLE future (a);")])
        #expect(throws: StoreOpenError.newerSchema(path: path, unknownMigrations: ["0199-future"])) { try Hub.open(path: path) }
    }
}
