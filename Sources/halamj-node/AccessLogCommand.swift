import HalamjCommandLine
import LocalNode
import SyncModel

/// `halamj-node access-log [--case <number>] [--json]`: who opened which confidential
/// case file in the web app, and its logins, newest first.
enum AccessLogCommand {
    static let usage = Usage("halamj-node access-log", "[--case <case-number>] [--limit <n>] [--json] [--db <path>]")
    static let help = """
        Хандалтын бүртгэл (access log): every view of a specialized-care case file in the
        web app, and logins, newest first. Append-only: nobody can change or delete it.

        Usage: \(usage.line)

          --case <number>  only the views of this case
          --limit <n>      at most this many entries (default 200)
        """

    static func run(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let json = args.flag("--json")
        let db = try args.option("--db")
        let number = try args.option("--case")
        var limit = 200
        if let text = try args.option("--limit") {
            guard let value = Int(text), value > 0 else { throw args.usageError("--limit takes a number > 0") }
            limit = value
        }
        try args.finish()
        let entries = try AccessLog(store: CaseCommand.openBook(db).store).entries(subject: number, limit: limit)
        if json {
            Console.out(try JSONOutput.string(entries))
            return ExitCode.success
        }
        var table = Table(headers: ["Хэзээ (when)", "Хэн (who)", "Юу (what)", "Хэрэг (case)"])
        for entry in entries {
            table.add([HumanTime.iso(millis: entry.at), entry.user, entry.action, entry.subject])
        }
        Console.out(table.render())
        return ExitCode.success
    }
}
