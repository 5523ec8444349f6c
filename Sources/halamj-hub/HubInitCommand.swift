import HalamjCommandLine
import HubServer
import SyncModel

/// `halamj-hub init --id <hub-id> [--db …]`
enum HubInitCommand {
    static let usage = Usage("halamj-hub init", "--id <hub-id> [--time-zone <zone>] [--db <path>]")
    static let help = """
        Төв үүсгэх: create the hub's database, once.

        Usage: \(usage.line)

          --id <hub-id>          this hub's replica id, e.g. hub-43 (never reused)
        \(TimeZoneOption.help)
          --db <path>            database file (default: $HALAMJ_DB, else halamj-hub.db)

        The time zone is the district's: the day its decisions and answers are dated,
        and "today" for what is overdue. 'halamj-hub config --time-zone' changes it.
        """

    static func run(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let id = try args.option("--id")
        let zone = try args.option(TimeZoneOption.name).map { try TimeZoneOption.parse($0, args) } ?? .default
        let db = DatabaseLocation.resolve(option: try args.option("--db"), defaultName: HubCommand.defaultDatabase)
        try args.finish()
        guard let id else { throw args.usageError("missing --id <hub-id>") }
        guard let replica = ReplicaID(id), replica.isHub else {
            throw args.usageError("'\(id)' is not a hub id: 'hub-' then lower-case letters, digits, '-' and '_' (e.g. hub-43)")
        }
        try Hub.create(path: db, id: replica).setTimeZone(zone)
        Console.out("\(id): \(db) үүслээ (created); цагийн бүс (time zone) \(zone)")
        return ExitCode.success
    }
}
