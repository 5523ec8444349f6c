import HalamjCommandLine
import HubServer
import LocalNode
import SyncModel

/// `halamj-hub admin add <name>`, `halamj-hub audit [--json]`, `halamj-hub status [--json]`.
enum AdminCommand {
    static let usage = Usage("halamj-hub admin", "add <name>")
    static let help = """
        Админ (administrators) open the dashboard (GET /), the status (GET /v1/status) and
        the metrics (GET /metrics) with their token: as 'Authorization: Bearer <token>', or
        in a browser as the password (any user name). Offices' tokens are refused there.

        Usage:
          halamj-hub admin add <name>     prints the new token alone on one line; only its hash is kept
          halamj-hub audit [--json]       every administrative action, newest first (read-only)

        Options: --db <path> (default: $HALAMJ_DB, else halamj-hub.db)
        """

    static func run(_ words: [String]) throws -> Int32 {
        guard let sub = words.first else { throw UsageError("missing admin command (add)", usage: usage) }
        var args = Arguments(Array(words.dropFirst()), usage: Usage("halamj-hub admin \(sub)", "<name>"))
        if sub == "-h" || sub == "--help" || args.wantsHelp { Console.out(help); return ExitCode.success }
        guard sub == "add" else { throw UsageError("unknown admin command '\(sub)'", usage: usage) }
        let db = try args.option("--db")
        let name = try args.positional("name")
        try args.finish()
        let token = try AdminRegistry(store: HubCommand.openStore(db)).add(name, by: Actor.current, now: Clock.nowMillis())
        Console.out(token)
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
