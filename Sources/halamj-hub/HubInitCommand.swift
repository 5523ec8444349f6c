import HalamjCommandLine
import HubServer
import SyncModel

/// `halamj-hub init --id <hub-id> [--db …]`
enum HubInitCommand {
    static let id = Option("--id", "<hub-id>", .text, required: true,
                           help: "энэ төвийн дугаар (this hub's replica id, e.g. hub-43; never reused)")
    static let timeZone = Option.timeZone(defaulted: true)
    static let spec = CommandSpec(
        "halamj-hub init", "Төв үүсгэх (create the hub's database), once.",
        options: [id, timeZone], database: HubCommand.defaultDatabase, notes: """
            The time zone is the district's: the day its decisions and answers are dated,
            and "today" for what is overdue. 'halamj-hub config --time-zone' changes it.
            """)

    static func run(_ words: [String]) throws -> Int32 {
        guard let line = try spec.parse(words) else { return ExitCode.success }
        let id = try line.value(id), zone = try line.value(timeZone), db = try line.databasePath
        guard let replica = ReplicaID(id), replica.isHub else {
            throw line.usageError("'\(id)' is not a hub id: 'hub-' then lower-case letters, digits, '-' and '_' (e.g. hub-43)")
        }
        try Hub.create(path: db, id: replica).setTimeZone(zone)
        Console.out("\(id): \(db) үүслээ (created); цагийн бүс (time zone) \(zone)")
        return ExitCode.success
    }
}
