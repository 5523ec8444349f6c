import Foundation
import HalamjCommandLine
import LocalNode
import SyncModel

/// `halamj-node case new|list|show|set …`
enum CaseCommand {
    static let usage = Usage("halamj-node case", "new|list|show|set …")
    static let help = """
        Хэрэг (cases) of this office.

        Usage:
          halamj-node case new --service <service> --rd <РД> --name "<нэр>" [<field>=<value>…]
              prints the new case number alone on one line
          halamj-node case list [--json]
          halamj-node case show <case-number> [--json]
          halamj-node case set <case-number> <field>=<value>…
          halamj-node case delete <case-number>
              the case stays listed as deleted; an edit made elsewhere meanwhile is kept as a conflict

        Services (үйлчилгээ):
        \(Service.allCases.map { "  \($0.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0))\($0.mongolianName) (\($0.englishName))" }.joined(separator: "\n"))

        Options: --db <path> (default: $HALAMJ_DB, else halamj-node.db)
        """

    static func run(_ words: [String]) throws -> Int32 {
        guard let sub = words.first else { throw UsageError("missing case command (new, list, show, set)", usage: usage) }
        let rest = Array(words.dropFirst())
        switch sub {
        case "-h", "--help": Console.out(help); return ExitCode.success
        case "new": return try new(rest)
        case "list": return try list(rest)
        case "show": return try show(rest)
        case "set": return try set(rest)
        case "delete": return try delete(rest)
        default: throw UsageError("unknown case command '\(sub)'", usage: usage)
        }
    }

    static func openBook(_ db: String?) throws -> CaseBook {
        let path = DatabaseLocation.resolve(option: db, defaultName: NodeCommand.defaultDatabase)
        let store = try ReplicaStore.open(
            path: path, expectedRole: .node,
            missingHint: "run 'halamj-node init --office <office-id> --hub <url> --token-file <file>' first, or pass --db")
        return CaseBook(store: store)
    }

    static func new(_ words: [String]) throws -> Int32 {
        let usage = Usage("halamj-node case new", "--service <service> --rd <РД> --name \"<нэр>\" [<field>=<value>…]")
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        guard let serviceText = try args.option("--service") else { throw args.usageError("missing --service <service>") }
        guard let rdText = try args.option("--rd") else { throw args.usageError("missing --rd <register number>") }
        guard let name = try args.option("--name"), !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw args.usageError("missing --name \"<name>\"")
        }
        let extra = try CaseOutput.changes(args.remainingPositionals(), usage: usage)
        try args.finish()
        guard let service = Service(rawValue: serviceText) else {
            throw args.usageError("unknown service '\(serviceText)'; one of: \(Service.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let rd: RegisterNumber
        do {
            rd = try RegisterNumber.parse(rdText)
        } catch {
            throw args.usageError("--rd: \(error.description)")
        }
        let view = try openBook(db).open(service: service, registerNumber: rd, name: name.trimmingCharacters(in: .whitespacesAndNewlines), fields: extra)
        Console.out(view.number)
        return ExitCode.success
    }

    static func list(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-node case list", "[--json]"))
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let json = args.flag("--json")
        let db = try args.option("--db")
        try args.finish()
        let cases = try openBook(db).list()
        Console.out(json ? try JSONOutput.string(cases) : CaseOutput.table(cases))
        return ExitCode.success
    }

    static func show(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-node case show", "<case-number> [--json]"))
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let json = args.flag("--json")
        let db = try args.option("--db")
        let number = try args.positional("case-number")
        try args.finish()
        let view = try openBook(db).show(number)
        Console.out(json ? try JSONOutput.string(view) : CaseOutput.detail(view))
        return ExitCode.success
    }

    static func delete(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-node case delete", "<case-number>"))
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        let number = try args.positional("case-number")
        try args.finish()
        let view = try openBook(db).delete(number)
        Console.out("\(view.number): устгагдлаа (deleted)")
        return ExitCode.success
    }

    static func set(_ words: [String]) throws -> Int32 {
        let usage = Usage("halamj-node case set", "<case-number> <field>=<value>…")
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        let number = try args.positional("case-number")
        let changes = try CaseOutput.changes(args.remainingPositionals(), usage: usage)
        try args.finish()
        guard !changes.isEmpty else { throw args.usageError("give at least one <field>=<value>") }
        let view = try openBook(db).set(number, changes)
        Console.out("\(view.number): \(changes.keys.sorted().joined(separator: ", ")) хадгалагдлаа (saved)")
        return ExitCode.success
    }
}
