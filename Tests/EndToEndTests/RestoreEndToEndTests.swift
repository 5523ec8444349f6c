import Foundation
import Testing
@testable import HubServer
import ReplicaStorage
import CaseBooks
import LocalNode
import SyncModel

/// Backups taken while working, and restores that lose and duplicate nothing.
@Suite struct RestoreEndToEndTests {
    let dir = TemporaryDirectory()

    func restoredNode(from backup: String, office: String, hub: URL, token: String) throws -> TestNode {
        let path = dir.path("\(office)-restored.db")
        _ = try ReplicaFiles.restore(backup, to: path, role: .node, force: false, extraMigrations: NodeSchema.migrations)
        let store = try NodeStore.open(path: path)
        try store.setUpstream(Upstream(url: hub, token: token))
        return TestNode(store: store)
    }

    @Test func aNodeRestoredFromAnOldBackup_GetsBackWhatItHadSent_AndDuplicatesNothing() async throws {
        let hubStore = try Hub.create(path: dir.path("hub.db"), id: ReplicaID("hub-43")!)
        let hub = try TestHub(store: hubStore)
        defer { hub.stop() }
        let token = try OfficeRegistry(store: hubStore).add("soum-4305", now: 1)
        let node = try TestNode(directory: dir, office: "soum-4305", hub: hub.url, token: token)
        let first = try node.open("Бат")
        _ = try await node.sync()
        try ReplicaFiles.backup(node.store, to: dir.path("backup.db"), force: false)
        #expect(throws: ReplicaFiles.FileError.self) { try ReplicaFiles.backup(node.store, to: dir.path("backup.db"), force: false) }

        // After the backup: a new case and an edit, both synced; then the disk dies.
        let second = try node.open("Дорж")
        _ = try node.book.set(first.number, ["phone": "99112233"])
        _ = try await node.sync()

        let restored = try restoredNode(from: dir.path("backup.db"), office: "soum-4305", hub: hub.url, token: token)
        #expect(restored.store.replica.rawValue.hasPrefix("soum-4305_r"))
        // Written offline, before the first sync: must not collide with what the hub has.
        _ = try restored.book.set(first.number, ["address": "3-р баг"])
        let third = try restored.open("Сараа")
        _ = try await restored.sync()

        let atHub = try CaseBook(store: hubStore).list(office: "soum-4305")
        let atNode = try restored.book.list()
        #expect(atHub.map(\.number).sorted() == [first.number, second.number, third.number].sorted(), "no duplicate, nothing lost")
        #expect(third.number.hasSuffix("-100001"), "numbered from the next block, not reusing \(second.number)")
        _ = try await restored.sync()
        let fourth = try restored.open("Цэцэг")
        #expect(fourth.number.hasSuffix("-100002"))
        _ = try await restored.sync()
        #expect(atNode.map(\.values) == atHub.map(\.values))
        let firstNow = try restored.book.show(first.number)
        #expect(firstNow.values["phone"] == "99112233", "the edit made after the backup came back")
        #expect(firstNow.values["address"] == "3-р баг", "the edit made after the restore reached the hub")
        #expect(try restored.store.status().pendingCount == 0)
    }

    @Test func aHubRestoredFromAnOldBackup_GetsEverythingBackFromItsOffices() async throws {
        let hubPath = dir.path("hub.db")
        let hubStore = try Hub.create(path: hubPath, id: ReplicaID("hub-43")!)
        let token = try OfficeRegistry(store: hubStore).add("soum-4305", now: 1)
        let hub = try TestHub(store: hubStore)
        let node = try TestNode(directory: dir, office: "soum-4305", hub: hub.url, token: token)
        let first = try node.open("Бат")
        _ = try await node.sync()
        try ReplicaFiles.backup(hubStore, to: dir.path("hub-backup.db"), force: false)
        let second = try node.open("Дорж")
        _ = try node.book.set(first.number, ["phone": "1"])
        _ = try await node.sync()
        hub.stop()

        #expect(throws: ReplicaFiles.FileError.self) {
            try ReplicaFiles.restore(dir.path("hub-backup.db"), to: hubPath, role: .hub, force: false, extraMigrations: HubSchema.migrations)
        }
        let id = try ReplicaFiles.restore(dir.path("hub-backup.db"), to: dir.path("hub2.db"), role: .hub, force: false,
                                          extraMigrations: HubSchema.migrations)
        #expect(id.isHub && id.rawValue.hasPrefix("hub-43_r"))
        let restoredStore = try Hub.open(path: dir.path("hub2.db"))
        var configuration = HubConfiguration()
        configuration.port = hub.port
        let restoredHub = Hub(store: restoredStore, configuration: configuration)
        _ = try restoredHub.start()
        defer { restoredHub.stop() }

        #expect(try CaseBook(store: restoredStore).list().count == 1, "the backup had one case")
        _ = try await node.sync()
        let atHub = try CaseBook(store: restoredStore).list(office: "soum-4305")
        #expect(atHub.map(\.number) == [first.number, second.number])
        #expect(atHub.first?.values["phone"] == "1")
        #expect(try node.book.list().map(\.values) == atHub.map(\.values))
    }
}
