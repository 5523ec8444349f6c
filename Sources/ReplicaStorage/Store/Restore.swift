import Foundation
import SyncModel

/// Backups and restores of a replica file. A backup is a consistent copy made with
/// SQLite's online backup API while the replica keeps working. A restore puts a
/// backup in place under a **new replica id** (`<id>_r<time>`): the copy is older
/// than what its peers have seen of it, and reusing its old id would reuse counters
/// that name different writes elsewhere.
public enum ReplicaFiles {
    public enum FileError: Error, CustomStringConvertible, Equatable {
        case exists(String)
        case notABackupOf(path: String, role: String)

        public var description: String {
            switch self {
            case .exists(let path): "\(path) already exists; pass --force to replace it"
            case .notABackupOf(let path, let role): "\(path) is not a backup of a \(role) (wrong kind of Halamj database)"
            }
        }
    }

    /// A restored node numbers its next cases from the next multiple of this: an
    /// office would have to open that many cases between a backup and the restore
    /// (offline, so the hub could not tell it) for a number to be given twice.
    public static let caseNumberJump: Int64 = 100_000

    /// Writes a consistent copy of `store` to `destination`, and its scans to the content
    /// store beside it (`<destination>-files`). The database is copied first: every file
    /// its cases name was kept before the case named it, so the copy's cases never name a
    /// file the copy lacks (a damaged one excepted, which is reported and not copied).
    @discardableResult
    public static func backup(_ store: ReplicaStore, to destination: String, force: Bool) throws -> ContentStore.Copied {
        let files = ContentStore.beside(database: destination)
        if FileManager.default.fileExists(atPath: destination) {
            guard force else { throw FileError.exists(destination) }
            try FileManager.default.removeItem(atPath: destination)
        }
        if FileManager.default.fileExists(atPath: files.directory) {
            guard force else { throw FileError.exists(files.directory) }
            try FileManager.default.removeItem(atPath: files.directory)
        }
        try store.backup(to: destination)
        return try ContentStore.beside(database: store.path).copy(to: files)
    }

    /// Restores `backup` into `path` as a new incarnation of the replica and returns
    /// its new id. The next sync then brings back from the hub what the backup lacks.
    @discardableResult
    public static func restore(
        _ backup: String, to path: String, role: ReplicaRole, force: Bool,
        extraMigrations: [Migration] = [], now: Int64 = Clock.nowMillis()
    ) throws -> ReplicaID {
        let source = try ReplicaStore.open(path: backup, extraMigrations: extraMigrations)
        guard source.role == role else { throw FileError.notABackupOf(path: backup, role: role.rawValue) }
        if FileManager.default.fileExists(atPath: path) {
            guard force else { throw FileError.exists(path) }
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                try FileManager.default.removeItem(atPath: path + suffix)
            }
        }
        try source.backup(to: path)
        // The backup's scans join whatever files are here (kept: they are named by hash).
        _ = try ContentStore.beside(database: backup).copy(to: ContentStore.beside(database: path))
        let base = ReplicaLineage.base(of: source.replica.rawValue)
        let suffix = "_r" + String(now / 1000, radix: 36)
        guard let fresh = ReplicaID(String(base.prefix(ReplicaID.maximumLength - suffix.count)) + suffix) else {
            throw StoreOpenError.foreign(path: backup)
        }
        let restored = try ReplicaStore.open(path: path, extraMigrations: extraMigrations)
        try restored.transaction { tx in
            let db = tx.database
            try tx.setMeta(MetaKey.replica, fresh.rawValue)
            try tx.setMeta(MetaKey.counter, "0")
            let former = try tx.formerReplicas().map(\.rawValue) + [source.replica.rawValue]
            try tx.setMeta(MetaKey.formerReplicas, former.joined(separator: ","))
            try tx.setMeta(MetaKey.restoredFrom, source.replica.rawValue)
            // Own counters of the old id say nothing about the new one.
            try db.execute("UPDATE records SET pending_since = NULL")
            // Cases numbered after the backup are not in it: number new ones from the
            // next block of `caseNumberJump`, so that no number is given twice.
            for key in try db.query("SELECT key FROM meta WHERE key LIKE 'case_sequence_%'", row: { $0.text(0) }) {
                let value = try tx.metaInt(key) ?? 0
                try tx.setMeta(key, String((value / caseNumberJump + 1) * caseNumberJump))
            }
            if role == .hub {
                // Nodes have pulled past this copy's change feed: move every record
                // beyond anything they asked for, so they see them all again.
                let jump: Int64 = 1 << 40
                try db.execute("UPDATE records SET local_seq = local_seq + ?", [.integer(jump)])
                try tx.setMeta(MetaKey.localSeq, String((try tx.metaInt(MetaKey.localSeq) ?? 0) + jump))
            }
        }
        return fresh
    }
}

extension StoreTransaction {
    /// The ids this replica had before it was restored (from its own history; a file
    /// restored before the history was kept knows the one it was restored from).
    public func formerReplicas() throws -> [ReplicaID] {
        var ids = (try meta(MetaKey.formerReplicas) ?? "").split(separator: ",").compactMap { ReplicaID(String($0)) }
        if let from = try meta(MetaKey.restoredFrom).flatMap(ReplicaID.init), !ids.contains(from) { ids.append(from) }
        return ids
    }
}

extension ReplicaStore {
    /// Records which hub answered. When it is a different incarnation than last
    /// time (the hub was restored from a backup), everything here is offered to it
    /// again and pulled again from the start, so nothing it lost stays lost.
    /// Returns whether that happened.
    @discardableResult
    public func noteUpstream(_ hub: ReplicaID, now: Int64) throws -> Bool {
        try transaction { tx in
            let known = try tx.meta(MetaKey.upstreamReplica)
            guard known != hub.rawValue else { return false }
            try tx.setMeta(MetaKey.upstreamReplica, hub.rawValue)
            guard known != nil else { return false }
            try tx.database.execute(
                "UPDATE records SET dirty = 1, pending_at = coalesce(pending_at, ?), refusal = NULL", [.integer(now)])
            try tx.setMeta(MetaKey.pullSince, "0")
            return true
        }
    }
}
