import HalamjCommandLine
import HubServer
import CaseBooks
import SyncModel

/// `halamj-hub case place|handover|contract|transfer|discipline|leave|plan|pension …`,
/// and `case status <n> placed|discharged`, which record the same events: a care case's
/// life after placement, recorded at the district and sent to the soum at its next sync.
enum PlacementCommand {
    /// Runs `case <sub> …` when it is one of these commands; nil leaves it to `HubCaseCommand`.
    static func run(_ sub: String, _ words: [String]) throws -> Int32? {
        if sub == "status" {
            if words.contains("-h") || words.contains("--help") { return nil }
            return try status(words)
        }
        guard CareCommandLine.offers(sub, hub: true) else { return nil }
        // `case transfer <n> --to <office>` without a reason moves the case to another office
        // (HubCaseCommand); with --reason a care resident moves to another facility.
        if sub == "transfer", !words.contains("--reason") { return nil }
        return try record(parse(sub, words))
    }

    static func parse(_ sub: String, _ words: [String]) throws -> CareCommandLine.Command? {
        try CareCommandLine.parse(sub, words, tool: HubCommand.tool, database: HubCommand.defaultDatabase)
    }

    static func record(_ command: CareCommandLine.Command?) throws -> Int32 {
        guard let command else { return ExitCode.success }
        let store = try Hub.open(path: command.db)
        let view = try CareCommandLine.run(command, book: CaseBook(store: store))
        try AuditLog(store: store).append(actor: Actor.current, action: "case \(command.fact.kind.rawValue)",
                                          subject: command.number, detail: command.fact.kind.label.english)
        Console.out(CareCommandLine.confirmation(view, command))
        return ExitCode.success
    }

    /// `case status <n> placed --facility …` places, `case status <n> discharged --reason …`
    /// leaves care (any of `CareLabels.leavingWays`); other states go on as before.
    static func status(_ words: [String]) throws -> Int32? {
        var peek = Arguments(words)
        let specs = ["place", "leave"].map { CareCommandLine.spec($0, tool: HubCommand.tool, database: HubCommand.defaultDatabase) }
        for option in specs.flatMap(\.options) where option.placeholder != nil {
            _ = try? peek.option(option.name)
        }
        _ = peek.optionalPositional()
        guard let state = peek.optionalPositional(), state == "placed" || state == "discharged" else { return nil }
        var rest = words
        rest.removeAll { $0 == state }
        if state == "placed" {
            guard words.contains(where: { $0 == "--facility" || $0.hasPrefix("--facility=") }) else {
                throw UsageError(
                    "асрамжийн газрыг заана уу (placing needs the facility): halamj-hub case status <case-number> placed --facility \"<name>\", or 'case place'",
                    usage: Usage("halamj-hub case status", "<case-number> placed --facility \"<асрамжийн газар>\""))
            }
            return try record(parse("place", rest))
        }
        return try record(parse("leave", rest))
    }
}
