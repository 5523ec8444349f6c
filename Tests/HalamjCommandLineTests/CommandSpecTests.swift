import Testing
import HalamjCommandLine
import SyncModel

/// A command declared as the programs declare theirs, to check what a user of it sees.
private enum Pay {
    static let period = Option("--period", "<period>", .text, required: true, missingHint: "the period paid, e.g. 2026-11",
                               help: "олгосон үе (the period paid)")
    static let amount = Option("--amount", "<MNT>", .amount, help: "дүн (the amount)")
    static let date = Option("--date", "<YYYY-MM-DD>", .date, help: "олгосон өдөр (the day paid)")
    static let limit = Option("--limit", "<n>", .integer(1...20), default: "4", help: "хязгаар (how many)")
    static let json = Flag.json
    static let changes = Positional.variadic("changes", shown: "<field>=<value>…")
    static let spec = CommandSpec("halamj-hub case pay", "Олголт бүртгэх (record a payment).",
                                  options: [period, amount, date, limit, json], positionals: [.caseNumber, changes],
                                  database: "halamj-hub.db", notes: "A period already paid is refused.")
}

private enum Shade: String, CaseIterable, CustomStringConvertible, Sendable {
    case light, dark, auto
    var description: String { rawValue }
}

@Suite("CommandSpec")
struct CommandSpecTests {
    func parse(_ words: [String]) throws -> ParsedCommandLine {
        try #require(try Pay.spec.parse(words))
    }

    func usageError(_ words: [String]) -> UsageError? {
        #expect(throws: UsageError.self) { _ = try Pay.spec.parse(words) }
    }

    @Test("help shows the description, the usage line, every declared option with its text and default, and the notes")
    func helpComesFromTheDeclarations() {
        let help = Pay.spec.help
        #expect(help.hasPrefix("Олголт бүртгэх (record a payment).\n\nUsage: halamj-hub case pay <case-number> --period <period> <field>=<value>… [--amount <MNT>]"))
        for option in Pay.spec.options {
            let line = help.split(separator: "\n").first { $0.hasPrefix("  \(option.signature) ") }
            #expect(line?.contains(option.help.split(separator: "\n")[0]) == true, "\(option.name) missing from:\n\(help)")
        }
        #expect(help.contains("  --limit <n>          хязгаар (how many) (default 4)"))
        #expect(help.contains("  --db <path>          database file (default: $HALAMJ_DB, else halamj-hub.db)"))
        #expect(help.hasSuffix("\n\nA period already paid is refused."))
    }

    @Test("an option added to the declarations appears in the help and the usage line")
    func aNewOptionIsInTheHelp() {
        let note = Option("--note", "<text>", .text, help: "тэмдэглэл (a note)")
        let spec = CommandSpec("halamj-node case note", "Тэмдэглэл (a note).", options: [note])
        #expect(spec.help.contains("  --note <text>  тэмдэглэл (a note)"))
        #expect(spec.usage.line == "halamj-node case note [--note <text>]")
    }

    @Test("-h or --help anywhere before -- asks for the help; after -- it is a positional")
    func helpAnywhereBeforeTheTerminator() throws {
        #expect(try Pay.spec.parse(["2026-0042", "--amount", "12x", "--help"]) == nil)
        #expect(try Pay.spec.parse(["-h", "--no-such-option"]) == nil)
        let line = try parse(["--period", "2026-11", "--", "--help"])
        #expect(try line.positional(.caseNumber) == "--help")
    }

    @Test("values come back typed: amounts with commas, dates, defaults, flags, positionals")
    func typedValues() throws {
        let line = try parse(["2026-0042", "--period=2026-11", "--amount", "150,000", "--date", "2026-02-28", "--json", "a=1", "b=2"])
        #expect(try line.optional(Pay.amount) == 150_000)
        #expect(try line.optional(Pay.date) == CivilDate(iso: "2026-02-28"))
        #expect(try line.value(Pay.limit) == 4)
        #expect(try line.flag(.json))
        #expect(try line.positional(.caseNumber) == "2026-0042")
        #expect(try line.remaining(Pay.changes) == ["a=1", "b=2"])
    }

    @Test("reading an option, flag or positional the spec does not declare is caught")
    func undeclaredReadsAreCaught() throws {
        let line = try parse(["2026-0042", "--period", "2026-11"])
        let undeclared = Option("--reason", "<text>", .text, help: "")
        let error = #expect(throws: UndeclaredOption.self) { _ = try line.optional(undeclared) }
        #expect(error?.description.contains("'halamj-hub case pay' reads --reason but does not declare it") == true)
        #expect(throws: UndeclaredOption.self) { _ = try line.flag(Flag("--force", help: "")) }
        #expect(throws: UndeclaredOption.self) { _ = try line.positional(Positional("state")) }
        // Read as a flag, an option is not declared either: help would show it with a value.
        #expect(throws: UndeclaredOption.self) { _ = try line.flag(Flag("--amount", help: "")) }
        let noDatabase = try #require(try CommandSpec("halamj-node x", "x").parse([]))
        #expect(throws: UndeclaredOption.self) { _ = try noDatabase.databasePath }
    }

    @Test("a value of the wrong kind is a usage error naming the option, what it takes and what was typed")
    func typedValueErrors() {
        let cases: [([String], String)] = [
            (["--amount", "12x"], "--amount takes whole tögrög ≥ 0, not '12x'"),
            (["--amount=-5"], "--amount takes whole tögrög ≥ 0, not '-5'"),
            (["--date", "2026-02-30"], "--date takes a real date as YYYY-MM-DD, not '2026-02-30'"),
            (["--limit", "0"], "--limit takes a whole number from 1 to 20, not '0'"),
            (["--limit", "many"], "--limit takes a whole number from 1 to 20, not 'many'"),
        ]
        for (words, message) in cases {
            let error = usageError(["2026-0042", "--period", "2026-11"] + words)
            #expect(error?.message == message)
            #expect(error?.usage == Pay.spec.usage, "the usage line goes with every error")
        }
    }

    @Test("each kind of value says what it takes")
    func valueKindWording() {
        func problem<V>(_ kind: ValueKind<V>, _ text: String) -> String {
            let option = Option("--x", "<v>", kind, help: "")
            let spec = CommandSpec("t", "t", options: [option])
            let error = #expect(throws: UsageError.self) { _ = try spec.parse(["--x", text]) }
            return error?.message ?? ""
        }
        #expect(problem(.duration(atLeast: 1), "soon") == "--x takes a duration of at least 1 s like 90s, 30m, 48h, 2d or plain seconds, not 'soon'")
        #expect(problem(.integer(1_024...Int.max, of: "bytes"), "12") == "--x takes a whole number of bytes ≥ 1024, not '12'")
        #expect(problem(.number(above: 0, of: "seconds"), "0") == "--x takes a number of seconds > 0, not '0'")
        #expect(problem(.timeZone, "Mars").hasPrefix("unknown time zone 'Mars'; one of: Asia/Ulaanbaatar"))
        #expect(problem(.listenAddress, "8470") == "--x takes <host:port>, e.g. 127.0.0.1:8470, not '8470'")
        #expect(problem(ValueKind<Shade>.choice, "grey") == "--x takes light, dark or auto, not 'grey'")
    }

    @Test("a required option left out or blank is refused with why it is needed")
    func requiredOptions() {
        #expect(usageError(["2026-0042"])?.message == "missing --period <period>: the period paid, e.g. 2026-11")
        #expect(usageError(["2026-0042", "--period", " "])?.message == "missing --period <period>: the period paid, e.g. 2026-11")
    }

    @Test("finish refuses an unknown option and a word left over")
    func unknownOptionsAreRefused() {
        #expect(usageError(["2026-0042", "--period", "2026-11", "--amuont", "5"])?.message == "Unknown option '--amuont'")
        #expect(usageError(["--period", "2026-11", "--amuont=5"])?.message == "Unknown option '--amuont'")
        let noRest = CommandSpec("halamj-node case submit", "Илгээх (submit).", positionals: [.caseNumber])
        let error = #expect(throws: UsageError.self) { _ = try noRest.parse(["2026-0042", "2026-0043"]) }
        #expect(error?.message == "Unexpected argument '2026-0043'")
    }

    @Test("a missing value names its placeholder")
    func missingValueNamesThePlaceholder() {
        #expect(usageError(["2026-0042", "--period", "2026-11", "--amount"])?.message == "Missing value for '--amount <MNT>'")
    }

    @Test("a group's help lists each subcommand's usage, description and own options, and --db once")
    func overviewComesFromTheSubcommands() {
        let other = CommandSpec("halamj-hub case show", "Хэрэг харах (show a case)", options: [Flag.json],
                                positionals: [.caseNumber], database: "halamj-hub.db")
        let help = CommandOverview.help("Хэрэг (cases).", [Pay.spec, other])
        #expect(help.contains("  halamj-hub case show <case-number> [--json] [--db <path>]\n      Хэрэг харах (show a case)"))
        #expect(help.contains("--amount <MNT>") && help.contains("дүн (the amount)"))
        #expect(help.contains("Options: --db <path> (default: $HALAMJ_DB, else halamj-hub.db)"))
        #expect(help.components(separatedBy: "database file").count == 1, "--db is explained once, not per subcommand")
    }

    @Test("a group names its subcommands in its usage and its mistakes, from the subcommands' specs")
    func groupUsageAndMistakes() throws {
        let list = CommandSpec("halamj-hub admin list", "Админууд (administrators)", options: [Flag.json])
        let audit = CommandSpec("halamj-hub audit", "Үйлдлийн бүртгэл (the audit log)")
        let group = CommandGroup("halamj-hub admin", "Админ (administrators).", [Pay.spec, list, audit])
        #expect(group.names == ["list"], "only the commands under 'halamj-hub admin' are its subcommands")
        #expect(group.usage.line == "halamj-hub admin list …")
        let missing = #expect(throws: UsageError.self) { _ = try group.subcommand([]) }
        #expect(missing?.message == "missing admin command (list)")
        #expect(group.unknown("lsit").message == "unknown admin command 'lsit'")
        let picked = try #require(try group.subcommand(["list", "--json"]))
        #expect(picked.name == "list" && picked.words == ["--json"])
        #expect(try group.subcommand(["--help"]) == nil)
        #expect(group.help.contains("  halamj-hub audit\n      Үйлдлийн бүртгэл (the audit log)"))
    }
}

/// A program's own help is built from its commands' specs: every command is in it, with
/// its words and what it is, and a group with each of its subcommands.
struct CommandIndexTests {
    @Test func theProgramsHelp_ListsEveryCommandAndGroup_FromTheirSpecs() {
        let sync = CommandSpec("halamj-node sync", "Төвтэй солилцох (sync with the hub), one round.\nMore words.")
        let add = CommandSpec("halamj-node user add", "Хэрэглэгч нэмэх (a new user)")
        let list = CommandSpec("halamj-node user list", "Хэрэглэгчид (every user)")
        let users = CommandGroup("halamj-node user", "Хэрэглэгч (users) of the web app.", [add, list])
        let conflicts = CommandSpec("halamj-node conflicts", "Зөрчил (conflicts)")
        let resolve = CommandSpec("halamj-node conflicts resolve", "Шийдэх (resolve)")
        let both = CommandGroup("halamj-node conflicts", "Зөрчил (conflicts), listed and resolved.", [conflicts, resolve])
        let help = CommandIndex.help(tool: "halamj-node", title: "halamj-node — test", [.command(sync), .group(users), .group(both)],
                                     footer: "Exit status: 0 done.")
        #expect(help.hasPrefix("halamj-node — test\n\nUsage: halamj-node <command> [options]\n\nCommands:\n"))
        #expect(help.contains("\n  sync") && help.contains("Төвтэй солилцох (sync with the hub)\n"), "up to the English words: \(help)")
        #expect(!help.contains("one round") && !help.contains("More words"))
        #expect(help.contains("  user add|list ") && help.contains("Хэрэглэгч (users)\n"))
        #expect(help.contains("  conflicts [resolve] "), "a group that is a command too: \(help)")
        #expect(help.hasSuffix("Exit status: 0 done."))
    }
}
