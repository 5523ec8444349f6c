import HalamjCommandLine
import SyncModel
import HubServer
import ReplicaStorage

/// `halamj-hub office add|list|rotate|revoke|reset …`
enum OfficeCommand {
    static let usage = Usage("halamj-hub office", "add|rotate|revoke <office-id> | reset <office-id> --counter <n> | list [--json]")
    static let help = """
        Албад (offices) this hub serves.

        Usage:
          halamj-hub office add <office-id>   register an office; prints its token alone on one line.
                                              The hub keeps only a hash: give the token to the office now.
                                              Ids starting with 'hub-' are refused: they name hubs.
          halamj-hub office rotate <office-id>  a new token (printed alone); the old one is refused at once
          halamj-hub office revoke <office-id>  refuse the office's token at once
          halamj-hub office reset <office-id> --counter <n> [--json]
                                              accept the office's latest counter again (read it off the
                                              office's 'halamj-node status', "writes here"), after a push
                                              with its token claimed more and every sync since is refused
                                              as replica-rewound; keeps every record, lists records holding
                                              writes beyond <n> (forged; see 'case show', 'case purge')
          halamj-hub office list [--json]     every office: last contact, push and pull, pending changes,
                                              writes at the hub / written, clock drift past 24 h

        Options: --db <path> (default: $HALAMJ_DB, else halamj-hub.db)
        """

    static func run(_ words: [String]) throws -> Int32 {
        guard let sub = words.first else { throw UsageError("missing office command (add, list, rotate, revoke, reset)", usage: usage) }
        let rest = Array(words.dropFirst())
        switch sub {
        case "-h", "--help": Console.out(help); return ExitCode.success
        case "add": return try add(rest)
        case "list": return try list(rest)
        case "rotate", "revoke":
            return try TokenChangeCommand.run(OfficeRegistry.init(store:), command: "office", verb: sub, what: "office-id", help: help, rest)
        case "reset": return try reset(rest)
        default: throw UsageError("unknown office command '\(sub)'", usage: usage)
        }
    }

    static func add(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-hub office add", "<office-id> [--db <path>]"))
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        let office = try args.positional("office-id")
        try args.finish()
        let store = try HubCommand.openStore(db)
        let token = try OfficeRegistry(store: store).add(office, by: Actor.current, now: Clock.nowMillis())
        Console.out(token)
        return ExitCode.success
    }

    static func reset(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-hub office reset", "<office-id> --counter <n> [--json] [--db <path>]"))
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        let json = args.flag("--json")
        let text = try args.option("--counter")
        let office = try args.positional("office-id")
        try args.finish()
        guard let text else {
            throw args.usageError("missing --counter <n>: the office's own counter, from 'halamj-node status' at the office")
        }
        guard let counter = UInt64(text), counter <= UInt64(Int64.max) else {
            throw args.usageError("--counter must be a whole number ≥ 0, not '\(text)'")
        }
        let reset = try OfficeRepair(store: try HubCommand.openStore(db)).reset(office, counter: counter, by: Actor.current, now: Clock.nowMillis())
        if json {
            Console.out(try JSONOutput.string(reset))
            return ExitCode.success
        }
        Console.out("\(office): тоолуур \(reset.previousCounter) → \(reset.counter) (latest counter reset; its next push is taken)")
        for key in reset.recordsBeyond {
            Console.out("  \(key): \(counter)-аас хойших бичилттэй (holds writes beyond \(counter): forged; check it with 'case show')")
        }
        return ExitCode.success
    }

    static func list(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-hub office list", "[--json]"))
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let json = args.flag("--json")
        let db = try args.option("--db")
        try args.finish()
        let offices = try OfficeRegistry(store: HubCommand.openStore(db)).list()
        if json {
            Console.out(try JSONOutput.string(offices))
            return ExitCode.success
        }
        let now = Clock.nowMillis()
        func ago(_ millis: Int64?) -> String {
            millis.map { HumanTime.ago(seconds: Int((now - $0) / 1000)) } ?? "хэзээ ч үгүй (never)"
        }
        var table = Table(
            headers: ["Алба", "Сүүлд холбогдсон", "Илгээсэн", "Татсан", "Хүлээгдэж буй", "Бичлэг (төвд/нийт)", "Цаг зөрүү"],
            alignments: [.left, .left, .left, .left, .right, .right, .left])
        for office in offices {
            table.add([
                office.id, ago(office.lastContactAt), ago(office.lastPushAt), ago(office.lastPullAt),
                office.pendingCount.map(String.init) ?? "?",
                "\(office.deliveredThrough)/\(office.latestCounter)",
                office.clockAheadMillis.map { "+\($0 / 3_600_000) цаг урагшаа (h ahead)" } ?? "",
            ])
        }
        Console.out(table.render())
        return ExitCode.success
    }
}
