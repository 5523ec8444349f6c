import HalamjCommandLine
import SyncModel
import HubServer
import ReplicaStorage

/// `halamj-hub office add|list|rotate|revoke|reset …`
enum OfficeCommand {
    static let office = Positional("office-id")
    static let addSpec = CommandSpec(
        "halamj-hub office add", """
            Алба бүртгэх (register an office); prints its token alone on one line.
            The hub keeps only a hash: give the token to the office now.
            Ids starting with 'hub-' are refused: they name hubs.
            """,
        positionals: [office], database: HubCommand.defaultDatabase)
    static let rotateSpec = TokenChangeCommand.spec("office", "rotate", office,
        "Шинэ токен (a new token, printed alone); the old one is refused at once")
    static let revokeSpec = TokenChangeCommand.spec("office", "revoke", office,
        "Токен цуцлах (refuse the office's token at once)")
    static let counter = Option("--counter", "<n>", .integer(0...Int.max), required: true,
                                missingHint: "the office's own counter, from 'halamj-node status' at the office", help: """
        албаны тоолуур (the office's own counter, from 'halamj-node status' at the office,
        "writes here")
        """)
    static let resetSpec = CommandSpec(
        "halamj-hub office reset", """
            Тоолуур сэргээх (accept the office's latest counter again), after a push
            with its token claimed more and every sync since is refused
            as replica-rewound; keeps every record, lists records holding
            writes beyond <n> (forged; see 'case show', 'case purge')
            """,
        options: [counter, Flag.json], positionals: [office], database: HubCommand.defaultDatabase)
    static let listSpec = CommandSpec(
        "halamj-hub office list", """
            Албад (every office): last contact, push and pull, pending changes,
            writes at the hub / written, clock drift past 24 h
            """,
        options: [Flag.json], database: HubCommand.defaultDatabase)
    static let group = CommandGroup("halamj-hub office", "Албад (offices) this hub serves.", [addSpec, rotateSpec, revokeSpec, resetSpec, listSpec])

    static func run(_ words: [String]) throws -> Int32 {
        guard let (sub, rest) = try group.subcommand(words) else { return ExitCode.success }
        switch sub {
        case "add": return try add(rest)
        case "list": return try list(rest)
        case "rotate": return try TokenChangeCommand.run(OfficeRegistry.init(store:), rotateSpec, office, rest)
        case "revoke": return try TokenChangeCommand.run(OfficeRegistry.init(store:), revokeSpec, office, rest)
        case "reset": return try reset(rest)
        default: throw group.unknown(sub)
        }
    }

    static func add(_ words: [String]) throws -> Int32 {
        guard let line = try addSpec.parse(words) else { return ExitCode.success }
        let token = try OfficeRegistry(store: HubCommand.openStore(line)).add(line.positional(office), by: Actor.current, now: Clock.nowMillis())
        Console.out(token)
        return ExitCode.success
    }

    static func reset(_ words: [String]) throws -> Int32 {
        guard let line = try resetSpec.parse(words) else { return ExitCode.success }
        let office = try line.positional(office), counter = UInt64(try line.value(counter))
        let reset = try OfficeRepair(store: try HubCommand.openStore(line)).reset(office, counter: counter, by: Actor.current, now: Clock.nowMillis())
        if try line.flag(.json) {
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
        guard let line = try listSpec.parse(words) else { return ExitCode.success }
        let offices = try OfficeRegistry(store: HubCommand.openStore(line)).list()
        if try line.flag(.json) {
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
