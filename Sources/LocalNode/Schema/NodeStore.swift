import ReplicaStorage
import SyncModel

/// A soum office's replica file: the replica schema and the node's own steps.
public enum NodeStore {
    /// What to do when there is no file: make one, or name the one there is.
    public static let missingHint = "run 'halamj-node init --office <office-id> --hub <url> --token-file <file>' first, or pass --db"

    /// Creates a node's file at `path` for `office`; fails if one is already there.
    public static func create(path: String, replica: ReplicaID, office: String) throws -> ReplicaStore {
        try ReplicaStore.create(path: path, replica: replica, role: .node, office: office, extraMigrations: NodeSchema.migrations)
    }

    /// Opens a node's file, bringing its schema up to date; a hub's file is refused
    /// before anything in it changes.
    public static func open(path: String, missingHint: String = NodeStore.missingHint) throws -> ReplicaStore {
        try ReplicaStore.open(path: path, expectedRole: .node, extraMigrations: NodeSchema.migrations, missingHint: missingHint)
    }
}
