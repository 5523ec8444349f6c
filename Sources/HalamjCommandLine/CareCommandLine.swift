import CaseBooks
import SyncModel

/// The command lines of life after placement, shared by `halamj-hub case …` (every
/// kind) and `halamj-node case …` (what a soum records: handover, contract, plan).
public enum CareCommandLine {
    /// Subcommand -> the kind of event it records.
    public static let subcommands: [String: CareEventKind] = [
        "place": .placement, "handover": .handover, "contract": .contract, "transfer": .transfer,
        "discipline": .discipline, "leave": .leaving, "plan": .plan, "pension": .pension,
    ]

    /// Whether `sub` is a care subcommand this program offers.
    public static func offers(_ sub: String, hub: Bool) -> Bool {
        guard let kind = subcommands[sub] else { return false }
        return hub || !kind.hubOnly
    }

    static func ids(_ labels: [Label]) -> String { labels.map(\.id).joined(separator: ", ") }

    /// The usage lines of the care subcommands this program offers, for its help.
    public static func help(tool: String, hub: Bool) -> String {
        var lines: [String] = []
        if hub {
            lines += [
                "  \(tool) case place <case-number> --facility \"<асрамжийн газар>\" [--date <YYYY-MM-DD>]",
                "      Асрамжид байршуулах (place an approved care case at a facility; also",
                "      'case status <n> placed --facility …'; placing without a facility is refused)",
            ]
        }
        lines += [
            "  \(tool) case handover <case-number> --by \"<нэр>\" --received-by \"<нэр>\" [--without-file] [--date …]",
            "      Хүлээлгэн өгөх (the person and their personal file handed over to the facility's",
            "      social worker and health worker)",
            "  \(tool) case contract <case-number> --number <дугаар> [--resident-side \"<асруулагч/асран хамгаалагч>\"] [--date …]",
            "      3 талт гэрээ (three-party contract: facility, resident or guardian, soum/district)",
            "  \(tool) case plan <case-number> --text \"<төлөвлөгөө>\" [--date …]",
            "      Эхний шатны хөгжлийн төлөвлөгөө (reintegration plan for the return to the community)",
        ]
        if hub {
            lines += [
                "  \(tool) case transfer <case-number> --to \"<асрамжийн газар>\" --reason \"<шалтгаан>\" [--date …]",
                "      Өөр асрамжийн газарт шилжүүлэх (transfer; the latest facility is the current one)",
                "  \(tool) case discipline <case-number> --measure <measure> --ground <breach> [--note \"…\"] [--date …]",
                "      Хүмүүжлийн болон захиргааны арга хэмжээ (a measure against a resident)",
                "  \(tool) case leave <case-number> --reason <way> [--clothes <MNT>] [--travel <MNT>] [--ground <breach>]",
                "        [--plan \"<төлөвлөгөө>\"] [--note \"…\"] [--date …]",
                "      Асрамжаас гаргах (leaving care, with its costs; same as 'case status <n> discharged')",
                "  \(tool) case pension <case-number> --amount <MNT> --in-person|--proxy [--notarised] --filed-at <soum> [--date …]",
                "      Асруулагчийн тэтгэвэр (monthly pension, 70/30 split, collection, the soum it is filed at)",
                "",
                "  Measures (--measure): \(ids(Array(SpecializedCare.disciplinaryMeasures.dropLast())))",
                "      (\(CareLabels.dischargeByOrder) is recorded with 'case leave --reason \(CareLabels.dischargeByOrder) --ground …')",
                "  Breaches (--ground): \(ids(CareLabels.disciplinaryGrounds))",
                "  Ways of leaving (--reason): \(ids(CareLabels.leavingWays))",
            ]
        }
        return lines.joined(separator: "\n")
    }

    /// One parsed care command line.
    public struct Command: Sendable {
        public let db: String?
        public let number: String
        public let fact: CareFact
        public let date: CivilDate?
        public let plan: String?
    }

    /// Parses the words after `case <sub>`; `sub` must be one `offers` accepts.
    public static func parse(_ sub: String, _ words: [String], tool: String) throws(UsageError) -> Command {
        var args = Arguments(words, usage: Usage("\(tool) case \(sub)", "<case-number> …  (see '\(tool) case --help')"))
        let db = try args.option("--db")
        let dateText = try args.option("--date")
        var plan: String?
        let fact: CareFact
        func required(_ name: String, _ what: String) throws(UsageError) -> String {
            guard let value = try args.option(name), !value.allSatisfy(\.isWhitespace) else {
                throw args.usageError("missing \(name) \(what)")
            }
            return value
        }
        func amount(_ name: String) throws(UsageError) -> Int? {
            guard let text = try args.option(name) else { return nil }
            guard let value = Int(text.replacingOccurrences(of: ",", with: "")), value >= 0 else {
                throw args.usageError("\(name) takes whole tögrög ≥ 0, not '\(text)'")
            }
            return value
        }
        switch subcommands[sub] {
        case .placement:
            fact = .placement(facility: try required("--facility", "\"<facility>\": the facility the person is placed at"))
        case .handover:
            let withoutFile = args.flag("--without-file")
            fact = .handover(handedOverBy: try required("--by", "\"<name>\": who handed the person over"),
                             receivedBy: try required("--received-by", "\"<names>\": the facility's social worker and health worker"),
                             withFile: !withoutFile)
        case .contract:
            fact = .contract(number: try required("--number", "<contract number>"), residentSide: try args.option("--resident-side") ?? "")
        case .transfer:
            fact = .transfer(toFacility: try required("--to", "\"<facility>\""), reason: try required("--reason", "\"<why>\""))
        case .discipline:
            fact = .discipline(measure: try required("--measure", "<\(ids(Array(SpecializedCare.disciplinaryMeasures.dropLast())))>"),
                               ground: try required("--ground", "<\(ids(CareLabels.disciplinaryGrounds))>"),
                               note: try args.option("--note") ?? "")
        case .leaving:
            let way = try required("--reason", "<\(ids(CareLabels.leavingWays))>")
            let clothes = try amount("--clothes")
            let travel = try amount("--travel")
            let ground = try args.option("--ground")
            plan = try args.option("--plan")
            fact = .leaving(way: way, clothes: clothes, travel: travel, ground: ground, note: try args.option("--note") ?? "")
        case .plan:
            fact = .plan(text: try required("--text", "\"<plan>\""))
        case .pension:
            let inPerson = args.flag("--in-person")
            let proxy = args.flag("--proxy")
            let notarised = args.flag("--notarised")
            guard let monthly = try amount("--amount") else { throw args.usageError("missing --amount <MNT>: the monthly pension") }
            let filedAt = try required("--filed-at", "<soum or khoroo>: where the pension is filed (the facility's soum)")
            guard inPerson != proxy else { throw args.usageError("give exactly one of --in-person, --proxy") }
            fact = .pension(monthly: monthly, collection: inPerson ? .inPerson : .proxy, proxyNotarised: notarised, filedAt: filedAt)
        case nil:
            throw args.usageError("unknown case command '\(sub)'")
        }
        let number = try args.positional("case-number")
        try args.finish()
        var date: CivilDate?
        if let dateText {
            guard let parsed = CivilDate(iso: dateText) else { throw args.usageError("--date takes a real date as YYYY-MM-DD, not '\(dateText)'") }
            date = parsed
        }
        if let problem = fact.problem { throw args.usageError(problem) }
        return Command(db: db, number: number, fact: fact, date: date, plan: plan)
    }

    /// What the program prints once the event is recorded.
    public static func confirmation(_ view: CaseView, _ command: Command) -> String {
        let (service, birth) = CareText.context(view.values)
        let history = CareHistory(values: view.values)
        let event = history.events.last { $0.kind == command.fact.kind && $0.fact == command.fact }
        let facts = event.map { CareText.facts($0, service: service, birthDate: birth) } ?? ""
        return "\(view.number): \(command.fact.kind.label) — \(facts)"
    }

    /// Runs a parsed command against `book`: records the event.
    public static func run(_ command: Command, book: CaseBook) throws -> CaseView {
        try book.record(command.number, command.fact, date: command.date, plan: command.plan)
    }

    /// The care history as labelled rows, for `case show` (nothing for other cases).
    public static func rows(_ view: CaseView) -> [(label: String, value: String)] {
        let history = CareHistory(values: view.values)
        guard !history.isEmpty else { return [] }
        let (service, birth) = CareText.context(view.values)
        var rows: [(label: String, value: String)] = []
        if let facility = history.currentFacility {
            rows.append((history.leaving == nil ? "Асрамжийн газар (facility)" : "Сүүлийн асрамжийн газар (last facility)", facility))
        }
        rows.append(("Асрамжийн түүх (care history)", "\(history.events.count) бүртгэл (events), эхнээс нь (oldest first)"))
        for event in history.events {
            rows.append((event.date.iso, "\(event.kind.label): \(CareText.facts(event, service: service, birthDate: birth))"))
        }
        return rows
    }
}
