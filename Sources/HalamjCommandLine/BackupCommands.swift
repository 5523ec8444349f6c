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

    static let force = Flag("--force", help: "сольж бичих (replace an existing file or database)")
    static let file = Positional("file")

    public func spec(_ verb: String) -> CommandSpec {
        let description = verb == "backup"
            ? """
              Нөөцлөх (backup): a consistent copy through SQLite's online backup API, safe while \(role == .hub ? "serving" : "syncing"),
              and the scans beside it (<file>-files); refuses to replace an existing file without --force
              """
            : """
              Сэргээх (restore): puts a backup in place of the database (refused without --force when one is
              there), and its scans (<file>-files) beside it. The restored copy gets a new replica id, so
              nothing it wrote before can be confused with what it writes now; the next sync brings back
              from the \(role == .hub ? "offices everything they have" : "hub everything the backup lacks").
              """
        return CommandSpec("\(tool) \(verb)", description, options: [Self.force], positionals: [Self.file], database: defaultDatabase)
    }

    public func run(_ verb: String, _ words: [String]) throws -> Int32 {
        guard let line = try spec(verb).parse(words) else { return ExitCode.success }
        let force = try line.flag(Self.force), db = try line.databasePath, file = try line.positional(Self.file)
        if verb == "backup" {
            let store = try ReplicaStore.open(path: db, expectedRole: role, extraMigrations: extraMigrations,
                                              missingHint: "nothing to back up; pass --db")
            let scans = try ReplicaFiles.backup(store, to: file, force: force)
            Console.out("\(db) → \(file): нөөцөлсөн (backed up)"
                        + (scans.files > 0 ? ", скан (scans) \(scans.files), \(ByteText.bytes(scans.bytes)) → \(file)-files" : ""))
            if !scans.damaged.isEmpty {
                Console.err("\(scans.damaged.count) scan(s) damaged on disk were not copied; run '\(tool) fsck'")
            }
        } else {
            let id = try ReplicaFiles.restore(file, to: db, role: role, force: force, extraMigrations: extraMigrations)
            Console.out("\(file) → \(db): сэргээсэн (restored) as replica \(id); run \(role == .hub ? "'serve'" : "'sync'") to catch up")
        }
        return ExitCode.success
    }
}
