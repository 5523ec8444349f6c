import Foundation
import HalamjCommandLine
import HubServer
import ReplicaStorage

/// `halamj-hub conflicts [--office <id>] [--json]` and
/// `halamj-hub conflicts resolve <conflict-id> (--keep winner|other|<office-id> | --value <v>)`
enum ConflictsCommand {
    static let usage = Usage("halamj-hub conflicts", "[--office <office-id>] [--json] | resolve <conflict-id> (--keep winner|other|<office-id> | --value <v>)")
    static let help = """
        Зөрчил (conflicts): fields changed in two places at once, oldest first, with every
        value and which office wrote it. Every office shows the current value meanwhile.

        Usage:
          halamj-hub conflicts [--office <office-id>] [--json]
          halamj-hub conflicts resolve <conflict-id> --keep winner     keep the current value
          halamj-hub conflicts resolve <conflict-id> --keep other      keep the other value (two values)
          halamj-hub conflicts resolve <conflict-id> --keep <office-id> keep what that office wrote
          halamj-hub conflicts resolve <conflict-id> --value <value>   write a new value

        A deletion conflict (a case deleted while it was edited elsewhere): --keep winner
        keeps it deleted, --keep other restores it. The choice reaches every office at its
        next sync; a conflict is resolved once.

        Options: --db <path> (default: $HALAMJ_DB, else halamj-hub.db)
        """

    static func run(_ words: [String]) throws -> Int32 {
        if words.first == "resolve" { return try resolve(Array(words.dropFirst())) }
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let json = args.flag("--json")
        let office = try args.option("--office")
        let db = try args.option("--db")
        try args.finish()
        let conflicts = try ConflictReview(store: HubCommand.openStore(db)).open(office: office)
        Console.out(json ? try JSONOutput.string(conflicts) : ConflictOutput.table(conflicts, now: Clock.nowMillis()))
        return ExitCode.success
    }

    static func resolve(_ words: [String]) throws -> Int32 {
        let usage = Usage("halamj-hub conflicts resolve", "<conflict-id> (--keep winner|other|<office-id> | --value <v>)")
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let keep = try args.option("--keep")
        let value = try args.option("--value")
        let db = try args.option("--db")
        let id = try args.positional("conflict-id")
        try args.finish()
        let choice: ConflictReview.Choice
        switch (keep, value) {
        case (nil, nil), (.some, .some):
            throw args.usageError("give one of --keep winner, --keep other, --keep <office-id>, --value <v>")
        case ("winner", nil): choice = .winner
        case ("other", nil): choice = .other
        case (let writer?, nil): choice = .writtenBy(writer)
        case (nil, let typed?): choice = .value(typed)
        }
        let person = Actor.current
        let store = try HubCommand.openStore(db)
        let resolution = try ConflictReview(store: store).resolve(id, choice, by: person, now: Clock.nowMillis())
        try AuditLog(store: store).append(actor: person, action: "conflict resolve", subject: id,
                                          detail: "\(resolution.record) \(resolution.field) = \(resolution.value)")
        Console.out("\(resolution.conflict): \(resolution.record) \(resolution.field) = «\(resolution.value)» шийдвэрлэгдлээ (resolved); offices get it at their next sync")
        return ExitCode.success
    }
}
