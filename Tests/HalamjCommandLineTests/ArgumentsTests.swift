import Testing
import HalamjCommandLine

@Suite("Arguments")
struct ArgumentsTests {
    let usage = Usage("halamj-node show", "<case-number> [--json] [--db <db>]")

    @Test("a flag that is present is reported and consumed")
    func flagPresent() throws {
        var args = Arguments(["--json"])
        let json = args.flag("--json")
        #expect(json)
        try args.finish()
    }

    @Test("a flag that is absent is false")
    func flagAbsent() {
        var args = Arguments(["2026-0042"])
        let json = args.flag("--json")
        #expect(!json)
    }

    @Test("a repeated flag is accepted")
    func flagRepeated() throws {
        var args = Arguments(["--json", "--json"])
        let json = args.flag("--json")
        #expect(json)
        try args.finish()
    }

    @Test("a flag given a value is a usage error at finish")
    func flagWithValue() {
        var args = Arguments(["--json=yes"])
        let json = args.flag("--json")
        #expect(json)
        let error = #expect(throws: UsageError.self) { try args.finish() }
        #expect(error?.message == "The option '--json' does not take any value, but 'yes' was specified")
    }

    @Test("an option value can follow as the next word")
    func optionSeparateValue() throws {
        var args = Arguments(["--db", "/var/lib/halamj/node.db"])
        #expect(try args.option("--db") == "/var/lib/halamj/node.db")
        try args.finish()
    }

    @Test("an option value can be attached with an equals sign")
    func optionAttachedValue() throws {
        var args = Arguments(["--db=/var/lib/halamj/node.db"])
        #expect(try args.option("--db") == "/var/lib/halamj/node.db")
        try args.finish()
    }

    @Test("an attached option value may be empty, contain equals signs, or start with a dash")
    func optionAttachedValueEdgeCases() throws {
        var args = Arguments(["--note=", "--filter=a=b", "--offset=-5"])
        #expect(try args.option("--note") == "")
        #expect(try args.option("--filter") == "a=b")
        #expect(try args.option("--offset") == "-5")
        try args.finish()
    }

    @Test("an option value keeps Cyrillic text and a leading combining mark intact")
    func optionUnicodeValue() throws {
        var args = Arguments(["--name", "Бат-Эрдэнэ", "--mark=\u{301}a"])
        #expect(try args.option("--name") == "Бат-Эрдэнэ")
        #expect(try args.option("--mark") == "\u{301}a")
    }

    @Test("a lone dash is accepted as an option value and as a positional")
    func loneDash() throws {
        var args = Arguments(["--input", "-", "-"])
        #expect(try args.option("--input") == "-")
        #expect(try args.positional("file") == "-")
    }

    @Test("a short option name works like a long one")
    func shortOption() throws {
        var args = Arguments(["-d", "node.db"])
        #expect(try args.option("-d") == "node.db")
    }

    @Test("an absent option is nil")
    func optionAbsent() throws {
        var args = Arguments(["2026-0042"])
        #expect(try args.option("--db") == nil)
    }

    @Test("an option at the end without its value is a usage error naming the value")
    func optionMissingValueAtEnd() {
        var args = Arguments(["2026-0042", "--db"], usage: usage)
        let error = #expect(throws: UsageError.self) { try args.option("--db") }
        #expect(error == UsageError("Missing value for '--db <db>'", usage: usage))
    }

    @Test("an option followed by another option is missing its value")
    func optionFollowedByOption() {
        var args = Arguments(["--db", "--json"])
        let error = #expect(throws: UsageError.self) { try args.option("--db") }
        #expect(error?.message == "Missing value for '--db <db>'")
    }

    @Test("an option followed by the terminator is missing its value")
    func optionFollowedByTerminator() {
        var args = Arguments(["--db", "--", "x"])
        let error = #expect(throws: UsageError.self) { try args.option("--db") }
        #expect(error?.message == "Missing value for '--db <db>'")
    }

    @Test("an option given twice is a usage error, in either form")
    func optionTwice() {
        for words in [["--db", "a", "--db", "b"], ["--db=a", "--db", "b"], ["--db=a", "--db=a"]] {
            var args = Arguments(words)
            let error = #expect(throws: UsageError.self) { try args.option("--db") }
            #expect(error?.message == "The option '--db' was given more than once")
        }
    }

    @Test("positionals are found around options once the options are taken")
    func positionalsAroundOptions() throws {
        var args = Arguments(["2026-0042", "--db", "node.db", "name=Бат", "--json"])
        let json = args.flag("--json")
        #expect(json)
        #expect(try args.option("--db") == "node.db")
        #expect(try args.positional("case-number") == "2026-0042")
        #expect(args.remainingPositionals() == ["name=Бат"])
        try args.finish()
    }

    @Test("a missing positional is a usage error naming it")
    func positionalMissing() {
        var args = Arguments([], usage: usage)
        let error = #expect(throws: UsageError.self) { try args.positional("case-number") }
        #expect(error == UsageError("Missing expected argument '<case-number>'", usage: usage))
    }

    @Test("a missing positional next to an unknown option reports the unknown option")
    func positionalMissingBesideTypo() {
        var args = Arguments(["--nmuber=42"])
        let error = #expect(throws: UsageError.self) { try args.positional("case-number") }
        #expect(error?.message == "Unknown option '--nmuber'")
    }

    @Test("an optional positional is nil when none is left")
    func optionalPositionalAbsent() {
        var args = Arguments(["--json"])
        #expect(args.optionalPositional() == nil)
    }

    @Test("remaining positionals leave unknown options for finish to report")
    func remainingPositionalsLeaveOptions() {
        var args = Arguments(["a", "--verbose", "b"])
        #expect(args.remainingPositionals() == ["a", "b"])
        let error = #expect(throws: UsageError.self) { try args.finish() }
        #expect(error?.message == "Unknown option '--verbose'")
    }

    @Test("finish reports an unknown option without its attached value")
    func finishUnknownOptionWithValue() {
        let args = Arguments(["--colour=always"])
        let error = #expect(throws: UsageError.self) { try args.finish() }
        #expect(error?.message == "Unknown option '--colour'")
    }

    @Test("finish reports an unknown short option")
    func finishUnknownShortOption() {
        let args = Arguments(["-q"])
        let error = #expect(throws: UsageError.self) { try args.finish() }
        #expect(error?.message == "Unknown option '-q'")
    }

    @Test("finish reports the first leftover word in command-line order")
    func finishReportsFirstLeftover() {
        var args = Arguments(["2026-0042", "extra", "--x"], usage: usage)
        _ = args.optionalPositional()
        let error = #expect(throws: UsageError.self) { try args.finish() }
        #expect(error == UsageError("Unexpected argument 'extra'", usage: usage))
    }

    @Test("words after a double dash are positionals even when they start with a dash")
    func terminator() throws {
        var args = Arguments(["--json", "--", "--not-an-option", "-5"])
        let json = args.flag("--json")
        #expect(json)
        #expect(args.remainingPositionals() == ["--not-an-option", "-5"])
        try args.finish()
    }

    @Test("positionals before a double dash come before those after it")
    func terminatorOrder() {
        var args = Arguments(["--", "b", "c"])
        #expect(args.optionalPositional() == "b")
        var mixed = Arguments(["a", "--", "b"])
        #expect(mixed.remainingPositionals() == ["a", "b"])
    }

    @Test("a leftover word after a double dash is unexpected")
    func finishAfterTerminator() {
        let args = Arguments(["--", "--json"])
        let error = #expect(throws: UsageError.self) { try args.finish() }
        #expect(error?.message == "Unexpected argument '--json'")
    }

    @Test("help is wanted for -h or --help anywhere before a double dash")
    func wantsHelp() {
        #expect(Arguments(["2026-0042", "--help"]).wantsHelp)
        #expect(Arguments(["-h", "--db"]).wantsHelp)
        #expect(!Arguments(["2026-0042"]).wantsHelp)
        #expect(!Arguments(["--", "--help"]).wantsHelp)
        #expect(!Arguments(["--helpful"]).wantsHelp)
    }

    @Test("errors the command makes itself carry the command's usage")
    func commandUsageError() {
        let args = Arguments([], usage: usage)
        #expect(args.usageError("Invalid case number '12x'") == UsageError("Invalid case number '12x'", usage: usage))
    }

    @Test("a usage line joins the command and its synopsis")
    func usageLine() {
        #expect(usage.line == "halamj-node show <case-number> [--json] [--db <db>]")
        #expect(Usage("halamj-hub").line == "halamj-hub")
    }
}
