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

    static let measures = ids(Array(SpecializedCare.disciplinaryMeasures.dropLast()))
    static let date = Option("--date", "<YYYY-MM-DD>", .date, help: "өдөр (the day it happened; default: today)")
    static let facility = Option("--facility", "\"<асрамжийн газар>\"", .nonBlank, required: true,
                                 missingHint: "the facility the person is placed at", help: "асрамжийн газар (the facility)")
    static let handedOverBy = Option("--by", "\"<нэр>\"", .nonBlank, required: true, missingHint: "who handed the person over",
                                     help: "хүлээлгэн өгсөн (who handed the person over)")
    static let receivedBy = Option("--received-by", "\"<нэр>\"", .nonBlank, required: true,
                                   missingHint: "the facility's social worker and health worker",
                                   help: "хүлээн авсан (the facility's social worker and health worker)")
    static let withoutFile = Flag("--without-file", help: "хувийн хэрэггүй (the personal file was not handed over)")
    static let contractNumber = Option("--number", "<дугаар>", .nonBlank, required: true, help: "гэрээний дугаар (the contract number)")
    static let residentSide = Option("--resident-side", "\"<асруулагч/асран хамгаалагч>\"", .text,
                                     help: "гэрээний тал (who signed for the resident: the resident or the guardian)")
    static let toFacility = Option("--to", "\"<асрамжийн газар>\"", .nonBlank, required: true, help: "шинэ асрамжийн газар (the new facility)")
    static let transferReason = Option("--reason", "\"<шалтгаан>\"", .nonBlank, required: true, help: "шалтгаан (why)")
    static let measure = Option("--measure", "<measure>", .nonBlank, required: true, missingHint: "one of \(measures)",
                                help: "арга хэмжээ (the measure: \(measures))")
    static let ground = Option("--ground", "<breach>", .nonBlank, required: true, missingHint: "one of \(ids(CareLabels.disciplinaryGrounds))",
                               help: "зөрчил (the breach: \(ids(CareLabels.disciplinaryGrounds)))")
    static let note = Option("--note", "\"…\"", .text, help: "тэмдэглэл (a note)")
    static let way = Option("--reason", "<way>", .nonBlank, required: true, missingHint: "one of \(ids(CareLabels.leavingWays))",
                            help: "гарсан арга (the way of leaving: \(ids(CareLabels.leavingWays)))")
    static let clothes = Option("--clothes", "<MNT>", .amount, help: "хувцасны зардал (clothes paid for on leaving)")
    static let travel = Option("--travel", "<MNT>", .amount, help: "замын зардал (travel paid for on leaving)")
    static let leavingGround = Option("--ground", "<breach>", .text,
                                      help: "зөрчил (with \(CareLabels.dischargeByOrder): the breach: \(ids(CareLabels.disciplinaryGrounds)))")
    static let leavingPlan = Option("--plan", "\"<төлөвлөгөө>\"", .text, help: "төлөвлөгөө (the plan for life after care)")
    static let planText = Option("--text", "\"<төлөвлөгөө>\"", .nonBlank, required: true, help: "төлөвлөгөө (the plan)")
    static let monthly = Option("--amount", "<MNT>", .amount, required: true, missingHint: "the monthly pension",
                                help: "тэтгэвэр (the monthly pension)")
    static let inPerson = Flag("--in-person", help: "биеэр (collected in person)")
    static let proxy = Flag("--proxy", help: "итгэмжлэлээр (collected by proxy)")
    static let notarised = Flag("--notarised", help: "нотариатаар гэрчлүүлсэн (the proxy is notarised)")
    static let filedAt = Option("--filed-at", "<soum>", .nonBlank, required: true,
                                missingHint: "where the pension is filed: the facility's soum or khoroo",
                                help: "хаана (the soum or khoroo the pension is filed at: the facility's)")

    /// The options, description and usage of `case <sub>`; `sub` must be one of `subcommands`.
    public static func spec(_ sub: String, tool: String, database: String) -> CommandSpec {
        let kind = subcommands[sub]!
        let (description, options): (String, [any CommandOption]) = switch kind {
        case .placement: ("""
            Асрамжид байршуулах (place an approved care case at a facility; also
            'case status <n> placed --facility …'; placing without a facility is refused)
            """, [facility])
        case .handover: ("""
            Хүлээлгэн өгөх (the person and their personal file handed over to the facility's
            social worker and health worker)
            """, [handedOverBy, receivedBy, withoutFile])
        case .contract: ("3 талт гэрээ (three-party contract: facility, resident or guardian, soum/district)", [contractNumber, residentSide])
        case .transfer: ("Өөр асрамжийн газарт шилжүүлэх (transfer; the latest facility is the current one)", [toFacility, transferReason])
        case .discipline: ("""
            Хүмүүжлийн болон захиргааны арга хэмжээ (a measure against a resident;
            \(CareLabels.dischargeByOrder) is recorded with 'case leave --reason \(CareLabels.dischargeByOrder) --ground …')
            """, [measure, ground, note])
        case .leaving: ("Асрамжаас гаргах (leaving care, with its costs; same as 'case status <n> discharged')",
                        [way, clothes, travel, leavingGround, leavingPlan, note])
        case .plan: ("Эхний шатны хөгжлийн төлөвлөгөө (reintegration plan for the return to the community)", [planText])
        case .pension: ("Асруулагчийн тэтгэвэр (monthly pension, 70/30 split, collection, the soum it is filed at)",
                        [monthly, inPerson, proxy, notarised, filedAt])
        }
        let synopsis = kind == .pension
            ? "<case-number> --amount <MNT> --in-person|--proxy [--notarised] --filed-at <soum> [--date <YYYY-MM-DD>] [--db <path>]" : nil
        return CommandSpec("\(tool) case \(sub)", description, options: options + [date], positionals: [.caseNumber],
                           database: database, synopsis: synopsis)
    }

    /// The care subcommands this program offers, in the order help lists them.
    public static func offered(hub: Bool) -> [String] {
        ["place", "handover", "contract", "plan", "transfer", "discipline", "leave", "pension"].filter { offers($0, hub: hub) }
    }

    /// The care subcommands' usage, description and options, for the program's `case --help`.
    public static func help(tool: String, hub: Bool, database: String) -> String {
        CommandOverview.entries(offered(hub: hub).map { spec($0, tool: tool, database: database) })
    }

    /// One parsed care command line.
    public struct Command: Sendable {
        public let db: String
        public let number: String
        public let fact: CareFact
        public let date: CivilDate?
        public let plan: String?
    }

    /// Parses the words after `case <sub>`; `sub` must be one `offers` accepts. Nil when
    /// the help was asked for (and printed).
    public static func parse(_ sub: String, _ words: [String], tool: String, database: String) throws -> Command? {
        guard let line = try spec(sub, tool: tool, database: database).parse(words) else { return nil }
        let fact: CareFact
        var plan: String?
        switch subcommands[sub]! {
        case .placement:
            fact = .placement(facility: try line.value(facility))
        case .handover:
            fact = .handover(handedOverBy: try line.value(handedOverBy), receivedBy: try line.value(receivedBy),
                             withFile: !(try line.flag(withoutFile)))
        case .contract:
            fact = .contract(number: try line.value(contractNumber), residentSide: try line.optional(residentSide) ?? "")
        case .transfer:
            fact = .transfer(toFacility: try line.value(toFacility), reason: try line.value(transferReason))
        case .discipline:
            fact = .discipline(measure: try line.value(measure), ground: try line.value(ground), note: try line.optional(note) ?? "")
        case .leaving:
            plan = try line.optional(leavingPlan)
            fact = .leaving(way: try line.value(way), clothes: try line.optional(clothes), travel: try line.optional(travel),
                            ground: try line.optional(leavingGround), note: try line.optional(note) ?? "")
        case .plan:
            fact = .plan(text: try line.value(planText))
        case .pension:
            let inPerson = try line.flag(inPerson)
            guard inPerson != (try line.flag(proxy)) else { throw line.usageError("give exactly one of --in-person, --proxy") }
            fact = .pension(monthly: try line.value(monthly), collection: inPerson ? .inPerson : .proxy,
                            proxyNotarised: try line.flag(notarised), filedAt: try line.value(filedAt))
        }
        if let problem = fact.problem { throw line.usageError(problem) }
        return Command(db: try line.databasePath, number: try line.positional(.caseNumber), fact: fact,
                       date: try line.optional(date), plan: plan)
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
