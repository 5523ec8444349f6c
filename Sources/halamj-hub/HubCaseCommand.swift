import HalamjCommandLine
import ReplicaStorage
import CaseBooks
import HubServer
import SyncModel

/// `halamj-hub case list|show|set …`: every office's cases, and edits made at the hub.
enum HubCaseCommand {
    static let usage = Usage("halamj-hub case", "list|show|set …")
    static let help = """
        Хэрэг (cases) of every office this hub serves.

        Usage:
          halamj-hub case list [--office <office-id>] [--json]
          halamj-hub case show <case-number> [--json]
          halamj-hub case set <case-number> <field>=<value>…
              an edit made at the hub; it reaches the office at its next sync
          halamj-hub case status <case-number> <state> [--reason <discharge-reason>] [--facility "<name>"]
              received, paid, placed (with --facility), discharged (specialized care, with a reason), closed;
              impossible moves are refused with the reason
          halamj-hub case pay <case-number> --period <2026-11 | 2026-Q4 | 2026-H2 | 2026> [--amount <MNT>] [--date <YYYY-MM-DD>]
              record one period of a benefit paid ('case pay --help')
          halamj-hub case complain <case-number> --text "<гомдол>" [--level 1|2]
              a complaint handed in at the district (level 2: to the higher body, after
              level 1 is answered or 30 days overdue)
          halamj-hub case answer <case-number> --text "<хариу>" [--level 1|2]
              answer a complaint: level 1 of a case that has left the soum, and level 2
          halamj-hub case doc <case-number> <document> received|missing
              mark a document; the district's own (official_letter, governor_decree)
              only here, before or with the decision ('decide --received')
          halamj-hub case reassign <case-number> --office <office-id> [--collection people]
              give a record opened at the wrong office to the right one (audit-logged);
              that office pulls it at its next sync, the old one's pushes of it are refused
          halamj-hub case purge <case-number> [--collection people]
              take a record an office should never have had out of the hub (audit-logged
              with its whole content); offices that pulled it keep their copy

        Life after placement (асрамжийн дараах):
        \(CareCommandLine.help(tool: "halamj-hub", hub: true))

        Discharge reasons (--reason): \(CareLabels.leavingWays.map(\.id).joined(separator: ", "))

        Options: --db <path> (default: $HALAMJ_DB, else halamj-hub.db)
        """

    static func run(_ words: [String]) throws -> Int32 {
        guard let sub = words.first else { throw UsageError("missing case command (list, show, set, status, doc, complain, answer, reassign, purge)", usage: usage) }
        let rest = Array(words.dropFirst())
        if let code = try PlacementCommand.run(sub, rest) { return code }
        if sub == "pay" { return try PayCommand.run(rest) }
        var args = Arguments(rest, usage: Usage("halamj-hub case \(sub)", ""))
        if args.wantsHelp || sub == "-h" || sub == "--help" { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        switch sub {
        case "list":
            let json = args.flag("--json")
            let office = try args.option("--office")
            try args.finish()
            let cases = try CaseBook(store: HubCommand.openStore(db)).list(office: office)
            Console.out(json ? try JSONOutput.string(cases) : CaseOutput.table(cases))
        case "show":
            let json = args.flag("--json")
            let number = try args.positional("case-number")
            try args.finish()
            let store = try HubCommand.openStore(db)
            let view = try CaseBook(store: store).show(number)
            Console.out(json ? try JSONOutput.string(view) : CaseOutput.detail(view, today: try store.localDate(Clock.nowMillis())))
        case "set":
            let number = try args.positional("case-number")
            let changes = try CaseOutput.changes(args.remainingPositionals(), usage: Usage("halamj-hub case set", "<case-number> <field>=<value>…"))
            try args.finish()
            guard !changes.isEmpty else { throw args.usageError("give at least one <field>=<value>") }
            let store = try HubCommand.openStore(db)
            let view = try CaseBook(store: store).set(number, changes)
            try AuditLog(store: store).append(actor: Actor.current, action: "case set", subject: number,
                                              detail: changes.keys.sorted().map { "\($0)=\(changes[$0]!)" }.joined(separator: " "))
            Console.out("\(view.number): \(changes.keys.sorted().joined(separator: ", ")) хадгалагдлаа (saved)")
        case "status":
            let reason = try args.option("--reason")
            let number = try args.positional("case-number")
            let state = try args.positional("state")
            try args.finish()
            var extra: [String: String] = [:]
            if state == "discharged" {
                guard let reason, let found = SpecializedCare.dischargeReasons.first(where: { $0.id == reason }) else {
                    throw args.usageError("discharge needs --reason, one of: \(SpecializedCare.dischargeReasons.map(\.id).joined(separator: ", "))")
                }
                extra[WorkflowFields.dischargeReason] = found.id
            }
            let store = try HubCommand.openStore(db)
            let view = try CaseBook(store: store).move(number, to: state, extra: extra)
            try AuditLog(store: store).append(actor: Actor.current, action: "case status", subject: number, detail: state)
            Console.out("\(view.number): \(state) — \(Workflow.labels[state] ?? state)")
        case "doc":
            let number = try args.positional("case-number")
            let document = try args.positional("document")
            let state = try args.positional("received|missing")
            try args.finish()
            guard state == "received" || state == "missing" else { throw args.usageError("the state is 'received' or 'missing', not '\(state)'") }
            let store = try HubCommand.openStore(db)
            let view = try CaseBook(store: store).markDocument(number, document, received: state == "received")
            try AuditLog(store: store).append(actor: Actor.current, action: "case doc", subject: number, detail: "\(document) \(state)")
            Console.out("\(view.number): \(document) — \(state == "received" ? "ирсэн (received)" : "дутуу (missing)")")
        case "answer", "complain", "complaint":
            try HubComplaintCommand.run(sub, &args, db: db)
        case "reassign", "purge":
            let office = sub == "reassign" ? try args.option("--office") : nil
            let collection = try args.option("--collection") ?? CaseFields.collection
            let id = try args.positional(collection == CaseFields.collection ? "case-number" : "record-id")
            try args.finish()
            let repair = OfficeRepair(store: try HubCommand.openStore(db))
            let key = RecordKey(collection: collection, id: id)
            if sub == "reassign" {
                guard let office else { throw args.usageError("missing --office <office-id>") }
                try repair.reassign(key, to: office, by: Actor.current, now: Clock.nowMillis())
                Console.out("\(id): \(office)-д шилжүүлсэн (reassigned to \(office))")
            } else {
                try repair.purge(key, by: Actor.current, now: Clock.nowMillis())
                Console.out("\(id): төвөөс хассан (purged from the hub; its content is in 'halamj-hub audit')")
            }
        default:
            throw UsageError("unknown case command '\(sub)'", usage: usage)
        }
        return ExitCode.success
    }
}
