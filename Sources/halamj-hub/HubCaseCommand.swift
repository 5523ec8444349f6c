import HalamjCommandLine
import ReplicaStorage
import CaseBooks
import HubServer
import SyncModel

/// `halamj-hub case list|show|set …`: every office's cases, and edits made at the hub.
enum HubCaseCommand {
    static let database = HubCommand.defaultDatabase
    static let listSpec = CommandSpec("halamj-hub case list", "Хэргийн жагсаалт (every office's cases)",
                                      options: [Option.office, Flag.json], database: database)
    static let showSpec = CommandSpec("halamj-hub case show", "Хэрэг харах (show a case)",
                                      options: [Flag.json], positionals: [.caseNumber], database: database)
    static let changes = Positional.variadic("changes", shown: "<field>=<value>…")
    static let setSpec = CommandSpec("halamj-hub case set", "Талбар засах (an edit made at the hub); it reaches the office at its next sync",
                                     positionals: [.caseNumber, changes], database: database)
    static let reason = Option("--reason", "<discharge-reason>", .text,
                               help: "гарсан шалтгаан (why the person left care; with discharged)")
    static let state = Positional("state")
    static let statusSpec = CommandSpec(
        "halamj-hub case status", """
            Төлөв өөрчлөх (move a case): received, paid, placed (with --facility "<name>"),
            discharged (specialized care, with a reason), closed; impossible moves are refused with the reason
            """,
        options: [reason], positionals: [.caseNumber, state], database: database)
    static let docSpec = CommandSpec(
        "halamj-hub case doc", """
            Баримт тэмдэглэх (mark a document); the district's own (official_letter, governor_decree)
            only here, before or with the decision ('decide --received')
            """,
        positionals: [.caseNumber, .document, .documentState], database: database)
    static let destination = Option("--to", "<office-id>", .text, required: true,
                                     help: "хүлээн авах алба (the office the applicant moved to)")
    static let transferSpec = CommandSpec(
        "halamj-hub case transfer", """
            Хэрэг шилжүүлэх (the applicant moved: the case goes to another office with its number,
            every field, its history and checklist; audit-logged). A district hub moves cases between
            its own offices, the national hub between districts. The new office gets it at its next
            sync; the old one keeps it read-only, saying where it went, and no longer counts it.
            (With --reason: a specialized-care resident moving to another facility, as before.)
            """,
        options: [destination], positionals: [.caseNumber], database: database)
    static let collection = Option("--collection", "people", .text, default: CaseFields.collection,
                                   help: "цуглуулга (a person's record instead of a case: its id for <case-number>)")
    static let rightOffice = Option("--office", "<office-id>", .text, required: true, help: "зөв алба (the office it belongs to)")
    static let reassignSpec = CommandSpec(
        "halamj-hub case reassign", """
            Өөр албанд шилжүүлэх (give a record opened at the wrong office to the right one; audit-logged);
            that office pulls it at its next sync, the old one's pushes of it are refused
            """,
        options: [rightOffice, collection],
        positionals: [.caseNumber], database: database)
    static let purgeSpec = CommandSpec(
        "halamj-hub case purge", """
            Төвөөс хасах (take a record an office should never have had out of the hub; audit-logged
            with its whole content); offices that pulled it keep their copy
            """,
        options: [collection], positionals: [.caseNumber], database: database)

    static let group = CommandGroup(
        "halamj-hub case", "Хэрэг (cases) of every office this hub serves.",
        [listSpec, showSpec, setSpec, statusSpec, PayCommand.spec, HubComplaintCommand.complainSpec,
         HubComplaintCommand.answerSpec, docSpec, transferSpec, reassignSpec, purgeSpec], notes: """
            Life after placement (асрамжийн дараах):
            \(CareCommandLine.help(tool: HubCommand.tool, hub: true, database: database))

            Discharge reasons (case status <n> discharged --reason): \(CareLabels.leavingWays.map(\.id).joined(separator: ", "))
            """)

    static func run(_ words: [String]) throws -> Int32 {
        guard let (sub, rest) = try group.subcommand(words) else { return ExitCode.success }
        if let code = try PlacementCommand.run(sub, rest) { return code }
        switch sub {
        case "pay": return try PayCommand.run(rest)
        case "answer", "complain", "complaint": return try HubComplaintCommand.run(sub, rest)
        case "list":
            guard let line = try listSpec.parse(rest) else { return ExitCode.success }
            let cases = try CaseBook(store: HubCommand.openStore(line)).list(office: line.optional(.office))
            Console.out(try line.flag(.json) ? try JSONOutput.string(cases) : CaseOutput.table(cases))
        case "show":
            guard let line = try showSpec.parse(rest) else { return ExitCode.success }
            let store = try HubCommand.openStore(line)
            let view = try CaseBook(store: store).show(line.positional(.caseNumber))
            Console.out(try line.flag(.json) ? try JSONOutput.string(view) : CaseOutput.detail(view, today: try store.localDate(Clock.nowMillis())))
        case "set":
            guard let line = try setSpec.parse(rest) else { return ExitCode.success }
            let number = try line.positional(.caseNumber)
            let changes = try CaseOutput.changes(line.remaining(changes), usage: setSpec.usage)
            guard !changes.isEmpty else { throw line.usageError("give at least one <field>=<value>") }
            let store = try HubCommand.openStore(line)
            let view = try CaseBook(store: store).set(number, changes)
            try AuditLog(store: store).append(actor: Actor.current, action: "case set", subject: number,
                                              detail: changes.keys.sorted().map { "\($0)=\(changes[$0]!)" }.joined(separator: " "))
            Console.out("\(view.number): \(changes.keys.sorted().joined(separator: ", ")) хадгалагдлаа (saved)")
        case "status":
            guard let line = try statusSpec.parse(rest) else { return ExitCode.success }
            let number = try line.positional(.caseNumber), state = try line.positional(state)
            var extra: [String: String] = [:]
            if state == "discharged" {
                guard let reason = try line.optional(reason), let found = SpecializedCare.dischargeReasons.first(where: { $0.id == reason }) else {
                    throw line.usageError("discharge needs --reason, one of: \(SpecializedCare.dischargeReasons.map(\.id).joined(separator: ", "))")
                }
                extra[WorkflowFields.dischargeReason] = found.id
            }
            let store = try HubCommand.openStore(line)
            let view = try CaseBook(store: store).move(number, to: state, extra: extra)
            try AuditLog(store: store).append(actor: Actor.current, action: "case status", subject: number, detail: state)
            Console.out("\(view.number): \(state) — \(Workflow.labels[state] ?? state)")
        case "doc":
            guard let line = try docSpec.parse(rest) else { return ExitCode.success }
            let number = try line.positional(.caseNumber), document = try line.positional(.document)
            let received = try line.documentReceived(), state = received ? "received" : "missing"
            let store = try HubCommand.openStore(line)
            let view = try CaseBook(store: store).markDocument(number, document, received: received)
            try AuditLog(store: store).append(actor: Actor.current, action: "case doc", subject: number, detail: "\(document) \(state)")
            Console.out("\(view.number): \(document) — \(received ? "ирсэн (received)" : "дутуу (missing)")")
        case "transfer":
            guard let line = try transferSpec.parse(rest) else { return ExitCode.success }
            let number = try line.positional(.caseNumber), office = try line.value(destination)
            let store = try HubCommand.openStore(line)
            let from = try CaseBook(store: store).show(number).holder
            let book = CaseBook(store: store, alongside: AuditLog.entry(
                actor: Actor.current, action: "case transfer", subject: number, detail: "\(from) -> \(office)", now: Clock.nowMillis()))
            _ = try book.transfer(number, to: office, among: try OfficeDirectory.read(store).offices)
            Console.out("\(number): \(from) → \(office) шилжүүлсэн (transferred; \(office) gets it at its next sync)")
        case "reassign", "purge":
            guard let line = try (sub == "reassign" ? reassignSpec : purgeSpec).parse(rest) else { return ExitCode.success }
            let id = try line.positional(.caseNumber)
            let repair = OfficeRepair(store: try HubCommand.openStore(line))
            let key = RecordKey(collection: try line.value(collection), id: id)
            if sub == "reassign" {
                let office = try line.value(rightOffice)
                try repair.reassign(key, to: office, by: Actor.current, now: Clock.nowMillis())
                Console.out("\(id): \(office)-д шилжүүлсэн (reassigned to \(office))")
            } else {
                try repair.purge(key, by: Actor.current, now: Clock.nowMillis())
                Console.out("\(id): төвөөс хассан (purged from the hub; its content is in 'halamj-hub audit')")
            }
        default:
            throw group.unknown(sub)
        }
        return ExitCode.success
    }
}
