import Foundation
import HalamjCommandLine
import HubServer
import ReplicaStorage
import SyncModel
import WebAccess

/// `halamj-hub user add|list|passwd|role|disable`: who may log in to the district's desk
/// (`/desk` of `halamj-hub serve`), each with a role. Every change is in the audit log.
enum DeskUserCommand {
    static let name = Positional("name")
    static let role = Option("--role", "<role>", .text, help: """
        эрх (the role): officer (мэргэжилтэн: decides, answers, resolves), reviewer (хянагч:
        reads and comments) or admin (админ: also manages users and offices)
        """)
    static let addSpec = CommandSpec("halamj-hub user add", "Хэрэглэгч нэмэх (a new desk user with a role); asks the password twice",
                                     options: [role.required(), Prompt.passwordFile], positionals: [name], database: HubCommand.defaultDatabase)
    static let passwdSpec = CommandSpec("halamj-hub user passwd", "Нууц үг солих (a new password, and enables the user; their sessions end)",
                                        options: [Prompt.passwordFile], positionals: [name], database: HubCommand.defaultDatabase)
    static let roleSpec = CommandSpec("halamj-hub user role", "Эрх солих (another role, from the user's next request)",
                                      options: [role.required()], positionals: [name], database: HubCommand.defaultDatabase)
    static let disableSpec = CommandSpec("halamj-hub user disable", "Хаах (the user can no longer log in; their sessions end)",
                                         positionals: [name], database: HubCommand.defaultDatabase)
    static let listSpec = CommandSpec("halamj-hub user list", "Хэрэглэгчид (every desk user: role, created, active or disabled)",
                                      options: [Flag.json], database: HubCommand.defaultDatabase)
    static let group = CommandGroup("halamj-hub user", """
        Хэрэглэгч (people) of the district's desk: https://<hub>/desk. They live in the hub's
        database only and are never sent to an office. Passwords are stored as PBKDF2-SHA-256
        hashes; at least \(WebAccounts.minimumPasswordLength) characters. Administrators' tokens
        ('halamj-hub admin') stay for the machines: /v1/status, /metrics, the dashboard.
        """, [addSpec, passwdSpec, roleSpec, disableSpec, listSpec])

    static func run(_ words: [String]) throws -> Int32 {
        guard let (sub, rest) = try group.subcommand(words) else { return ExitCode.success }
        let spec: CommandSpec
        switch sub {
        case "add": spec = addSpec
        case "passwd": spec = passwdSpec
        case "role": spec = roleSpec
        case "disable": spec = disableSpec
        case "list": spec = listSpec
        default: throw group.unknown(sub)
        }
        guard let line = try spec.parse(rest) else { return ExitCode.success }
        let store = try HubCommand.openStore(line)
        if sub == "list" {
            let list = try WebAccounts(store: store, kind: .desk).list()
            if try line.flag(.json) { Console.out(try JSONOutput.string(list)); return ExitCode.success }
            var table = Table(headers: ["Нэр (name)", "Эрх (role)", "Үүсгэсэн (created)", "Төлөв (state)"])
            for user in list {
                table.add([user.name, user.role.map { "\($0.mongolian) (\($0.rawValue))" } ?? "", HumanTime.iso(millis: user.createdAt),
                           user.disabled ? "хаасан (disabled)" : "идэвхтэй (active)"])
            }
            Console.out(table.render())
            return ExitCode.success
        }
        let person = try line.positional(name)
        let chosen = sub == "add" || sub == "role" ? try parsedRole(line) : nil
        // Each change and its audit entry in one transaction.
        let users = WebAccounts(store: store, kind: .desk, alongside: AuditLog.entry(
            actor: Actor.current, action: "user \(sub)", subject: person, detail: chosen?.rawValue ?? ""))
        let done: String
        switch (sub, chosen) {
        case ("add", let chosen?):
            try users.add(person, password: try Prompt.password(file: line.optional(Prompt.passwordFile), confirm: true), role: chosen)
            done = "хэрэглэгч нэмэгдлээ (user added): \(person), \(chosen.mongolian) (\(chosen.rawValue))"
        case ("passwd", _):
            try users.setPassword(person, password: try Prompt.password(file: line.optional(Prompt.passwordFile), confirm: Prompt.isInteractive))
            done = "нууц үг солигдлоо (password changed): \(person)"
        case ("role", let chosen?):
            try users.setRole(person, chosen)
            done = "эрх солигдлоо (role changed): \(person), \(chosen.mongolian) (\(chosen.rawValue))"
        default:
            try users.disable(person)
            done = "хэрэглэгч хаагдлаа (user disabled): \(person)"
        }
        Console.out(done)
        return ExitCode.success
    }

    private static func parsedRole(_ line: ParsedCommandLine) throws -> DeskRole {
        let text = try line.value(role)
        guard let chosen = DeskRole(rawValue: text) else {
            throw line.usageError("--role takes \(DeskRole.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
        }
        return chosen
    }
}
