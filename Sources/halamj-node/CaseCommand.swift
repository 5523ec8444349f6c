import Foundation
import HalamjCommandLine
import CaseBooks
import LocalNode
import SyncModel

/// `halamj-node case new|list|show|set …`
enum CaseCommand {
    static let usage = Usage("halamj-node case", "new|list|show|set …")
    static let help = """
        Хэрэг (cases) of this office.

        Usage:
          halamj-node case new --service <service> --rd <РД> [--name "<нэр>"] [--care-category <id>] [<field>=<value>…]
              prints the new case number alone on one line; in a terminal, with no
              options, it asks for each in turn. --name may be left out for a person
              registered with 'person add'.
              Specialized care (care-…) needs --care-category <id> (or care_category=<id>)
              before 'case submit', one that fits the service:
        \(Service.allCases.filter(CaseTransitions.isCare).map { service in
            "        \(service.rawValue): " + CareCategory.categories(for: service).map(\.id).joined(separator: ", ")
        }.joined(separator: "\n"))
          halamj-node case list [--json]
          halamj-node case show <case-number> [--json]
          halamj-node case checklist <case-number> [--json]     Бүрдүүлэх баримт (documents)
          halamj-node case doc <case-number> <document> received|missing
          halamj-node case submit <case-number>                 Илгээх (send to the district)
          halamj-node case complain <case-number> --text "<гомдол>" [--level 1|2]
              Гомдол (a complaint), at any stage: level 1 to the office's own management;
              level 2 to the higher body once level 1 is answered or 30 days overdue
          halamj-node case answer <case-number> --text "<хариу>"
              the soum answers level 1 while the case is a draft here; after it is
              submitted the district hub answers level 1, and always level 2
          halamj-node case set <case-number> <field>=<value>…
          halamj-node case delete <case-number>
          halamj-node case restore <case-number>               bring a deleted case back
              the case stays listed as deleted; an edit made elsewhere meanwhile is kept as a conflict

        After placement (асрамжийн дараах; the district records the rest, seen here after sync):
        \(CareCommandLine.help(tool: "halamj-node", hub: false))

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
        case "delete", "restore": return try deleteOrRestore(sub, rest)
        case "checklist": return try checklist(rest)
        case "doc": return try document(rest)
        case "submit": return try submit(rest)
        case "complain", "complaint": return try complaint(rest, answering: false)
        case "answer": return try complaint(rest, answering: true)
        case _ where CareCommandLine.subcommands[sub] != nil: return try care(sub, rest)
        default: throw UsageError("unknown case command '\(sub)'", usage: usage)
        }
    }

    /// The office's cases at the command line's `--db` (the spec must take `database: NodeCommand.defaultDatabase`).
    static func openBook(_ line: ParsedCommandLine) throws -> CaseBook {
        CaseBook(store: try NodeStore.open(path: line.databasePath))
    }

    static func openBook(_ db: String?) throws -> CaseBook {
        let path = DatabaseLocation.resolve(option: db, defaultName: NodeCommand.defaultDatabase)
        let store = try NodeStore.open(path: path)
        return CaseBook(store: store)
    }
}
