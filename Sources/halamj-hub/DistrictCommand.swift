import HalamjCommandLine
import SyncModel
import HubServer
import ReplicaStorage

/// `halamj-hub district add|list|rotate|revoke …`: at a national hub, the district hubs that
/// sync to it (issue 19).
enum DistrictCommand {
    static let district = Positional("hub-id")
    static let name = Option("--name", "<name>", .text, default: "",
                             help: "нэр (the aimag or district it serves, e.g. Сүхбаатар; for reports)")
    static let addSpec = CommandSpec(
        "halamj-hub district add", """
            Дүүрэг, аймаг бүртгэх (register a district hub under this national hub, by the id it
            was created with, e.g. hub-43); prints its token alone on one line: give it to the
            district ('halamj-hub upstream --token-file' there). The token reaches only the cases
            of the offices that district reports holding (one district per office).
            """,
        options: [name], positionals: [district], database: HubCommand.defaultDatabase)
    static let rotateSpec = TokenChangeCommand.spec("district", "rotate", district,
        "Шинэ токен (a new token, printed alone); the old one is refused at once")
    static let revokeSpec = TokenChangeCommand.spec("district", "revoke", district,
        "Токен цуцлах (refuse the district's token at once)")
    static let listSpec = CommandSpec(
        "halamj-hub district list", "Дүүрэг, аймгууд (every district hub): last contact, push, pull, offices held",
        options: [Flag.json], database: HubCommand.defaultDatabase)
    static let group = CommandGroup(
        "halamj-hub district", "Дүүрэг, аймгийн төвүүд (district hubs under this national hub).",
        [addSpec, listSpec, rotateSpec, revokeSpec])

    static func run(_ words: [String]) throws -> Int32 {
        guard let (sub, rest) = try group.subcommand(words) else { return ExitCode.success }
        switch sub {
        case "add":
            guard let line = try addSpec.parse(rest) else { return ExitCode.success }
            let registry = DistrictRegistry(store: try HubCommand.openStore(line))
            Console.out(try registry.add(line.positional(district), name: line.value(name), by: Actor.current, now: Clock.nowMillis()))
            return ExitCode.success
        case "list": return try list(rest)
        case "rotate": return try TokenChangeCommand.run(DistrictRegistry.init(store:), rotateSpec, district, rest)
        case "revoke": return try TokenChangeCommand.run(DistrictRegistry.init(store:), revokeSpec, district, rest)
        default: throw group.unknown(sub)
        }
    }

    static func list(_ words: [String]) throws -> Int32 {
        guard let line = try listSpec.parse(words) else { return ExitCode.success }
        let store = try HubCommand.openStore(line)
        let districts = try DistrictRegistry(store: store).list()
        let directory = try OfficeDirectory.read(store)
        if try line.flag(.json) {
            Console.out(try JSONOutput.string(districts))
            return ExitCode.success
        }
        let now = Clock.nowMillis()
        func ago(_ millis: Int64?) -> String {
            millis.map { HumanTime.ago(seconds: Int((now - $0) / 1000)) } ?? "хэзээ ч үгүй (never)"
        }
        var table = Table(
            headers: ["Төв (hub)", "Нэр (name)", "Сүүлд холбогдсон", "Илгээсэн", "Татсан", "Албад (offices)"],
            alignments: [.left, .left, .left, .left, .left, .right])
        for district in districts {
            let offices = directory.districtOf.filter { $0.value == district.id }.count
            table.add([district.id + (district.revokedAt != nil ? " (цуцлагдсан, revoked)" : ""), district.code,
                       ago(district.lastContactAt), ago(district.lastPushAt), ago(district.lastPullAt), String(offices)])
        }
        Console.out(table.render())
        return ExitCode.success
    }
}
