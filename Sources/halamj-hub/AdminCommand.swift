import HalamjCommandLine
import HubServer
import ReplicaStorage
import SyncModel

/// `halamj-hub admin add|list|rotate|revoke …` and `halamj-hub audit [--json]`.
enum AdminCommand {
    static let usage = Usage("halamj-hub admin", "add <name> | list [--json] | rotate <name> | revoke <name>")
    static let help = """
        Админ (administrators) open the dashboard (GET /), the status (GET /v1/status) and
        the metrics (GET /metrics) with their token: as 'Authorization: Bearer <token>', or
        in a browser as the password (any user name). Offices' tokens are refused there.

        Usage:
          halamj-hub admin add <name>      prints the new token alone on one line; only its hash is kept
          halamj-hub admin list [--json]   every administrator, never a token. Columns: Нэр (name),
                                           Үүсгэсэн (created), Сүүлд ашигласан (last used, to the minute;
                                           '—' never since this was recorded), Цуцалсан (revoked)
          halamj-hub admin rotate <name>   a new token (printed alone); the old one is refused at once
          halamj-hub admin revoke <name>   refuse the administrator's token at once ('rotate' issues a new one)
          halamj-hub audit [--json]        every administrative action, newest first (read-only)

        Options: --db <path> (default: $HALAMJ_DB, else halamj-hub.db)
        """

    static func run(_ words: [String]) throws -> Int32 {
        guard let sub = words.first else { throw UsageError("missing admin command (add, list, rotate, revoke)", usage: usage) }
        let rest = Array(words.dropFirst())
        switch sub {
        case "-h", "--help": Console.out(help); return ExitCode.success
        case "add": return try add(rest)
        case "list": return try list(rest)
        case "rotate", "revoke":
            return try TokenChangeCommand.run(AdminRegistry.init(store:), command: "admin", verb: sub, what: "name", help: help, rest)
        default: throw UsageError("unknown admin command '\(sub)'", usage: usage)
        }
    }

    static func add(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-hub admin add", "<name> [--db <path>]"))
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        let name = try args.positional("name")
        try args.finish()
        let token = try AdminRegistry(store: HubCommand.openStore(db)).add(name, by: Actor.current, now: Clock.nowMillis())
        Console.out(token)
        return ExitCode.success
    }

    static func list(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-hub admin list", "[--json] [--db <path>]"))
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let json = args.flag("--json")
        let db = try args.option("--db")
        try args.finish()
        let admins = try AdminRegistry(store: HubCommand.openStore(db)).list()
        if json {
            Console.out(try JSONOutput.string(admins))
            return ExitCode.success
        }
        var table = Table(headers: ["Нэр", "Үүсгэсэн", "Сүүлд ашигласан", "Цуцалсан"])
        for admin in admins {
            table.add([
                admin.name, HumanTime.iso(millis: admin.createdAt),
                admin.lastUsedAt.map(HumanTime.iso(millis:)) ?? "—", admin.revokedAt.map(HumanTime.iso(millis:)) ?? "",
            ])
        }
        Console.out(table.render())
        return ExitCode.success
    }

    static func audit(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-hub audit", "[--json] [--limit <n>]"))
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let json = args.flag("--json")
        let db = try args.option("--db")
        let limitText = try args.option("--limit")
        try args.finish()
        let limit = Int(limitText ?? "200") ?? 200
        let entries = try AuditLog(store: HubCommand.openStore(db)).entries(limit: limit)
        if json {
            Console.out(try JSONOutput.string(entries))
            return ExitCode.success
        }
        var table = Table(headers: ["Хэзээ (when)", "Хэн (who)", "Үйлдэл (action)", "Юуг (subject)", "Дэлгэрэнгүй (detail)"])
        for entry in entries {
            table.add([HumanTime.iso(millis: entry.at), entry.actor, entry.action, entry.subject, entry.detail])
        }
        Console.out(table.render())
        return ExitCode.success
    }
}
