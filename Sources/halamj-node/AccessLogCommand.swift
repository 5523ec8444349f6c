import HalamjCommandLine
import LocalNode
import SyncModel
import WebAccess

/// `halamj-node access-log [--case <number>] [--json]`: who opened which confidential
/// case file in the web app, and its logins, newest first.
enum AccessLogCommand {
    static let caseNumber = Option("--case", "<case-number>", .text, help: "энэ хэрэг (only the views of this case)")
    static let spec = CommandSpec(
        "halamj-node access-log", """
            Хандалтын бүртгэл (access log): every view of a specialized-care case file in the
            web app, and logins, newest first. Append-only: nobody can change or delete it.
            """,
        options: [caseNumber, Option.limit, Flag.json], database: NodeCommand.defaultDatabase)

    static func run(_ words: [String]) throws -> Int32 {
        guard let line = try spec.parse(words) else { return ExitCode.success }
        let entries = try AccessLog(store: CaseCommand.openBook(line).store).entries(subject: line.optional(caseNumber), limit: line.value(.limit))
        if try line.flag(.json) {
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
