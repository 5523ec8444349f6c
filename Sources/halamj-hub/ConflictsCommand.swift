import Foundation
import HalamjCommandLine
import HubServer
import ReplicaStorage

/// `halamj-hub conflicts [--office <id>] [--json]` and
/// `halamj-hub conflicts resolve <conflict-id> (--keep winner|other|<office-id> | --value <v>)`
enum ConflictsCommand {
    static let listSpec = CommandSpec(
        "halamj-hub conflicts", """
            Зөрчил (conflicts): fields changed in two places at once, oldest first, with every
            value and which office wrote it. Every office shows the current value meanwhile.
            """,
        options: [Option.office, Flag.json], database: HubCommand.defaultDatabase)
    static let keep = Option("--keep", "winner|other|<office-id>", .nonBlank, help: """
        winner: keep the current value; other: keep the other value (two values);
        <office-id>: keep what that office wrote
        """)
    static let value = Option("--value", "<value>", .text, help: "шинэ утга (write a new value)")
    static let resolveSpec = CommandSpec(
        "halamj-hub conflicts resolve", "Зөрчил шийдэх (resolve a conflict): one of --keep or --value.",
        options: [keep, value], positionals: [Positional("conflict-id")], database: HubCommand.defaultDatabase,
        synopsis: "<conflict-id> (--keep winner|other|<office-id> | --value <v>) [--db <path>]")
    static let group = CommandGroup("halamj-hub conflicts", "Зөрчил (conflicts) of every office, resolved here at the hub.", [listSpec, resolveSpec], notes: """
        A deletion conflict (a case deleted while it was edited elsewhere): --keep winner
        keeps it deleted, --keep other restores it. The choice reaches every office at its
        next sync; a conflict is resolved once.
        """)

    static func run(_ words: [String]) throws -> Int32 {
        if words.first == "resolve" { return try resolve(Array(words.dropFirst())) }
        if words.contains("-h") || words.contains("--help") { Console.out(group.help); return ExitCode.success }
        guard let line = try listSpec.parse(words) else { return ExitCode.success }
        let conflicts = try ConflictReview(store: HubCommand.openStore(line)).open(office: line.optional(.office))
        Console.out(try line.flag(.json) ? try JSONOutput.string(conflicts) : ConflictOutput.table(conflicts, now: Clock.nowMillis()))
        return ExitCode.success
    }

    static func resolve(_ words: [String]) throws -> Int32 {
        guard let line = try resolveSpec.parse(words) else { return ExitCode.success }
        let id = try line.positional(resolveSpec.positionals[0])
        let choice: ConflictReview.Choice
        switch (try line.optional(keep), try line.optional(value)) {
        case (nil, nil), (.some, .some):
            throw line.usageError("give one of --keep winner, --keep other, --keep <office-id>, --value <v>")
        case ("winner", nil): choice = .winner
        case ("other", nil): choice = .other
        case (let writer?, nil): choice = .writtenBy(writer)
        case (nil, let typed?): choice = .value(typed)
        }
        let store = try HubCommand.openStore(line)
        let person = Actor.current
        let resolution = try ConflictReview(store: store).resolve(id, choice, by: person, now: Clock.nowMillis())
        Console.out("\(resolution.conflict): \(resolution.record) \(resolution.field) = «\(resolution.value)» шийдвэрлэгдлээ (resolved); offices get it at their next sync")
        return ExitCode.success
    }
}
