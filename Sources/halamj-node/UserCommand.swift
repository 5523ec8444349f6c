import Foundation
import HalamjCommandLine
import LocalNode
import SyncModel
import WebAccess

/// `halamj-node user add|list|passwd|disable`: who may log in to the office's web app.
enum UserCommand {
    static let passwordFile = Prompt.passwordFile
    static let name = Positional("name")
    static let addSpec = CommandSpec("halamj-node user add", "Хэрэглэгч нэмэх (a new user); asks the password twice",
                                     options: [passwordFile], positionals: [name], database: NodeCommand.defaultDatabase)
    static let passwdSpec = CommandSpec("halamj-node user passwd", "Нууц үг солих (a new password, and enables the user)",
                                        options: [passwordFile], positionals: [name], database: NodeCommand.defaultDatabase)
    static let disableSpec = CommandSpec("halamj-node user disable", "Хаах (the user can no longer log in)",
                                         positionals: [name], database: NodeCommand.defaultDatabase)
    static let listSpec = CommandSpec("halamj-node user list", "Хэрэглэгчид (every user: created, active or disabled)",
                                      options: [Flag.json], database: NodeCommand.defaultDatabase)
    static let group = CommandGroup("halamj-node user", """
        Хэрэглэгч (users) of this office's web app ('halamj-node serve'). They live in this
        office's database only and are never sent to the hub. Passwords are stored as
        PBKDF2-SHA-256 hashes; at least \(LocalUsers.minimumPasswordLength) characters.
        """, [addSpec, passwdSpec, disableSpec, listSpec])

    static func run(_ words: [String]) throws -> Int32 {
        guard let (sub, rest) = try group.subcommand(words) else { return ExitCode.success }
        switch sub {
        case "add", "passwd":
            guard let line = try (sub == "add" ? addSpec : passwdSpec).parse(rest) else { return ExitCode.success }
            let name = try line.positional(name)
            let users = try LocalUsers(store: CaseCommand.openBook(line).store)
            let password = try Prompt.password(file: line.optional(passwordFile), confirm: sub == "add" || Prompt.isInteractive)
            if sub == "add" {
                try users.add(name, password: password)
                Console.out("хэрэглэгч нэмэгдлээ (user added): \(name)")
            } else {
                try users.setPassword(name, password: password)
                Console.out("нууц үг солигдлоо (password changed): \(name)")
            }
        case "disable":
            guard let line = try disableSpec.parse(rest) else { return ExitCode.success }
            let name = try line.positional(name)
            try LocalUsers(store: CaseCommand.openBook(line).store).disable(name)
            Console.out("хэрэглэгч хаагдлаа (user disabled): \(name)")
        case "list":
            guard let line = try listSpec.parse(rest) else { return ExitCode.success }
            let list = try LocalUsers(store: CaseCommand.openBook(line).store).list()
            if try line.flag(.json) { Console.out(try JSONOutput.string(list)); return ExitCode.success }
            var table = Table(headers: ["Нэр (name)", "Үүсгэсэн (created)", "Төлөв (state)"])
            for user in list {
                table.add([user.name, HumanTime.iso(millis: user.createdAt), user.disabled ? "хаасан (disabled)" : "идэвхтэй (active)"])
            }
            Console.out(table.render())
        default:
            throw group.unknown(sub)
        }
        return ExitCode.success
    }
}
