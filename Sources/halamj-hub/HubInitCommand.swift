import HalamjCommandLine
import HubServer
import SyncModel

/// `halamj-hub init --id <hub-id> [--db …]`
enum HubInitCommand {
    static let usage = Usage("halamj-hub init", "--id <hub-id> [--db <path>]")
    static let help = """
        Төв үүсгэх: create the hub's database, once.

        Usage: \(usage.line)

          --id <hub-id>   this hub's replica id, e.g. hub-43 (never reused)
          --db <path>     database file (default: $HALAMJ_DB, else halamj-hub.db)
        """

    static func run(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let id = try args.option("--id")
        let db = DatabaseLocation.resolve(option: try args.option("--db"), defaultName: HubCommand.defaultDatabase)
        try args.finish()
        guard let id else { throw args.usageError("missing --id <hub-id>") }
        guard let replica = ReplicaID(id), replica.isHub else {
            throw args.usageError("'\(id)' is not a hub id: 'hub-' then lower-case letters, digits, '-' and '_' (e.g. hub-43)")
        }
        _ = try Hub.create(path: db, id: replica)
        Console.out("\(id): \(db) үүслээ (created)")
        return ExitCode.success
    }
}
