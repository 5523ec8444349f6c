import ReplicaStorage
import SyncModel

/// `backup <file> [--force]` and `restore <file> [--force]`, the same for both
/// programs.
public struct BackupCommands {
    public let tool: String
    public let role: ReplicaRole
    public let defaultDatabase: String
    public let extraMigrations: [Migration]

    public init(tool: String, role: ReplicaRole, defaultDatabase: String, extraMigrations: [Migration] = []) {
        self.tool = tool
        self.role = role
        self.defaultDatabase = defaultDatabase
        self.extraMigrations = extraMigrations
    }

    var help: String {
        """
        Нөөц (backup) and сэргээх (restore).

        Usage:
          \(tool) backup <file> [--force] [--db <path>]
              a consistent copy through SQLite's online backup API, safe while \(role == .hub ? "serving" : "syncing");
              refuses to replace an existing file without --force
          \(tool) restore <file> [--force] [--db <path>]
              puts a backup in place of the database (refused without --force when one is
              there). The restored copy gets a new replica id, so nothing it wrote before
              can be confused with what it writes now; the next sync brings back from the
              \(role == .hub ? "offices everything they have" : "hub everything the backup lacks").
        """
    }

    public func run(_ verb: String, _ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("\(tool) \(verb)", "<file> [--force] [--db <path>]"))
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let force = args.flag("--force")
        let db = DatabaseLocation.resolve(option: try args.option("--db"), defaultName: defaultDatabase)
        let file = try args.positional("file")
        try args.finish()
        if verb == "backup" {
            let store = try ReplicaStore.open(path: db, expectedRole: role, extraMigrations: extraMigrations,
                                              missingHint: "nothing to back up; pass --db")
            try ReplicaFiles.backup(store, to: file, force: force)
            Console.out("\(db) → \(file): нөөцөлсөн (backed up)")
        } else {
            let id = try ReplicaFiles.restore(file, to: db, role: role, force: force, extraMigrations: extraMigrations)
            Console.out("\(file) → \(db): сэргээсэн (restored) as replica \(id); run \(role == .hub ? "'serve'" : "'sync'") to catch up")
        }
        return ExitCode.success
    }
}
