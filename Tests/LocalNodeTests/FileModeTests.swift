import Foundation
import Testing
import HalamjTestSupport
@testable import ReplicaStorage
import SyncModel

/// Databases and backups hold tokens (or their hashes): only their owner may read them.
@Suite struct FileModeTests {
    let dir = TemporaryDirectory()
    let soum = ReplicaID("soum-4305")!

    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }

    @Test func aNewReplica_ItsWALAndSharedMemory_AndItsBackup_AreReadableByTheOwnerOnly() throws {
        let path = dir.path("node.db")
        let store = try ReplicaStore.create(path: path, replica: soum, role: .node, office: "soum-4305")
        try store.setUpstream(Upstream(url: URL(string: "https://hub43.example.mn")!, token: "soum-4305.secret"))
        // While the store is open its -wal and -shm exist, made by SQLite with the main file's mode.
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(try mode(file) == 0o600, "\(file)")
        }
        try ReplicaFiles.backup(store, to: dir.path("backup.db"), force: false)
        #expect(try mode(dir.path("backup.db")) == 0o600)
    }

    @Test func aRestore_WritesAnOwnerOnlyFile_EvenInPlaceOfAMoreOpenOne() throws {
        let path = dir.path("node.db")
        do {
            let store = try ReplicaStore.create(path: path, replica: soum, role: .node, office: "soum-4305")
            try ReplicaFiles.backup(store, to: dir.path("backup.db"), force: false)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try ReplicaFiles.restore(dir.path("backup.db"), to: path, role: .node, force: true)
        #expect(try mode(path) == 0o600, "the restored file is a new file")
        try ReplicaFiles.restore(dir.path("backup.db"), to: dir.path("elsewhere.db"), role: .node, force: false)
        #expect(try mode(dir.path("elsewhere.db")) == 0o600)
    }

    @Test func anExistingDatabase_KeepsTheModeItsOwnerGaveIt() throws {
        let path = dir.path("node.db")
        _ = try ReplicaStore.create(path: path, replica: soum, role: .node, office: "soum-4305")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        let store = try ReplicaStore.open(path: path)
        try store.setUpstream(Upstream(url: URL(string: "https://hub43.example.mn")!, token: "soum-4305.secret"))
        #expect(try mode(path) == 0o640)
        #expect(try mode(path + "-wal") == 0o640, "SQLite gives the WAL the main file's mode")
    }
}
