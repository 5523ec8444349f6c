import HalamjCommandLine
import HubServer
import ReplicaStorage
import SyncModel

/// `halamj-hub admin add|list|rotate|revoke …` and `halamj-hub audit [--json]`.
enum AdminCommand {
    static let name = Positional("name")
    static let addSpec = CommandSpec(
        "halamj-hub admin add", "Админ нэмэх (add an administrator): prints the new token alone on one line; only its hash is kept",
        positionals: [name], database: HubCommand.defaultDatabase)
    static let listSpec = CommandSpec(
        "halamj-hub admin list", """
            Админууд (every administrator), never a token. Columns: Нэр (name),
            Үүсгэсэн (created), Сүүлд ашигласан (last used, to the minute;
            '—' never since this was recorded), Цуцалсан (revoked)
            """,
        options: [Flag.json], database: HubCommand.defaultDatabase)
    static let rotateSpec = TokenChangeCommand.spec("admin", "rotate", name,
        "Админы шинэ токен (a new token, printed alone); the old one is refused at once")
    static let revokeSpec = TokenChangeCommand.spec("admin", "revoke", name,
        "Админы токен цуцлах (refuse the administrator's token at once; 'rotate' issues a new one)")
    static let auditSpec = CommandSpec(
        "halamj-hub audit", "Үйлдлийн бүртгэл (every administrative action, newest first; read-only)",
        options: [Flag.json, Option.limit], database: HubCommand.defaultDatabase)

    static let group = CommandGroup("halamj-hub admin", """
        Админ (administrators) open the dashboard (GET /), the status (GET /v1/status) and
        the metrics (GET /metrics) with their token: as 'Authorization: Bearer <token>', or
        in a browser as the password (any user name). Offices' tokens are refused there.
        """, [addSpec, listSpec, rotateSpec, revokeSpec, auditSpec])

    static func run(_ words: [String]) throws -> Int32 {
        guard let (sub, rest) = try group.subcommand(words) else { return ExitCode.success }
        switch sub {
        case "add": return try add(rest)
        case "list": return try list(rest)
        case "rotate": return try TokenChangeCommand.run(AdminRegistry.init(store:), rotateSpec, name, rest)
        case "revoke": return try TokenChangeCommand.run(AdminRegistry.init(store:), revokeSpec, name, rest)
        default: throw group.unknown(sub)
        }
    }

    static func add(_ words: [String]) throws -> Int32 {
        guard let line = try addSpec.parse(words) else { return ExitCode.success }
        let token = try AdminRegistry(store: HubCommand.openStore(line)).add(line.positional(name), by: Actor.current, now: Clock.nowMillis())
        Console.out(token)
        return ExitCode.success
    }

    static func list(_ words: [String]) throws -> Int32 {
        guard let line = try listSpec.parse(words) else { return ExitCode.success }
        let admins = try AdminRegistry(store: HubCommand.openStore(line)).list()
        if try line.flag(.json) {
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
        guard let line = try auditSpec.parse(words) else { return ExitCode.success }
        let entries = try AuditLog(store: HubCommand.openStore(line)).entries(limit: line.value(.limit))
        if try line.flag(.json) {
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
