import Foundation
import HalamjCommandLine
import LocalNode
import SyncModel

/// `halamj-node user add|list|passwd|disable`: who may log in to the office's web app.
enum UserCommand {
    static let usage = Usage("halamj-node user", "add|passwd <name> [--password-file <file>] | list [--json] | disable <name>")
    static let help = """
        Хэрэглэгч (users) of this office's web app ('halamj-node serve'). They live in this
        office's database only and are never sent to the hub. Passwords are stored as
        PBKDF2-SHA-256 hashes; at least \(LocalUsers.minimumPasswordLength) characters.

        Usage:
          halamj-node user add <name> [--password-file <file>]     new user; asks the password twice
          halamj-node user passwd <name> [--password-file <file>]  new password (and enables the user)
          halamj-node user disable <name>                          can no longer log in
          halamj-node user list [--json]

        Without --password-file the password is asked in the terminal (not shown), or read
        as one line from standard input when that is not a terminal.
        Options: --db <path> (default: $HALAMJ_DB, else halamj-node.db)
        """

    static func run(_ words: [String]) throws -> Int32 {
        guard let sub = words.first else { throw UsageError("missing user command (add, passwd, disable, list)", usage: usage) }
        var args = Arguments(Array(words.dropFirst()), usage: usage)
        if sub == "-h" || sub == "--help" || args.wantsHelp { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        switch sub {
        case "add", "passwd":
            let passwordFile = try args.option("--password-file")
            let name = try args.positional("<name>")
            try args.finish()
            let users = try LocalUsers(store: CaseCommand.openBook(db).store)
            let password = try readPassword(file: passwordFile, confirm: sub == "add" || Prompt.isInteractive)
            if sub == "add" {
                try users.add(name, password: password)
                Console.out("хэрэглэгч нэмэгдлээ (user added): \(name)")
            } else {
                try users.setPassword(name, password: password)
                Console.out("нууц үг солигдлоо (password changed): \(name)")
            }
        case "disable":
            let name = try args.positional("<name>")
            try args.finish()
            try LocalUsers(store: CaseCommand.openBook(db).store).disable(name)
            Console.out("хэрэглэгч хаагдлаа (user disabled): \(name)")
        case "list":
            let json = args.flag("--json")
            try args.finish()
            let list = try LocalUsers(store: CaseCommand.openBook(db).store).list()
            if json { Console.out(try JSONOutput.string(list)); return ExitCode.success }
            var table = Table(headers: ["Нэр (name)", "Үүсгэсэн (created)", "Төлөв (state)"])
            for user in list {
                table.add([user.name, HumanTime.iso(millis: user.createdAt), user.disabled ? "хаасан (disabled)" : "идэвхтэй (active)"])
            }
            Console.out(table.render())
        default:
            throw UsageError("unknown user command '\(sub)'", usage: usage)
        }
        return ExitCode.success
    }

    static func readPassword(file: String?, confirm: Bool) throws -> String {
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw CommandFailure("cannot read the password file \(file)")
            }
            return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        }
        guard Prompt.isInteractive else {
            guard let line = readLine() else { throw CommandFailure("no password on standard input") }
            return line
        }
        let password = try Prompt.askSecret("Нууц үг (password)")
        if confirm {
            guard try Prompt.askSecret("Дахин (again)") == password else { throw CommandFailure("the two passwords differ; nothing was saved") }
        }
        return password
    }
}
