import Foundation
import HalamjCommandLine
import CaseBooks
import LocalNode
import SyncModel

/// `halamj-node case new|list|show|set …`
enum CaseCommand {
    static let group = CommandGroup(
        "halamj-node case", "Хэрэг (cases) of this office.",
        [newSpec, listSpec, showSpec, checklistSpec, docSpec, attachSpec, filesSpec, scanSpec, detachSpec, submitSpec, complainSpec, answerSpec, setSpec, deleteSpec, restoreSpec],
        notes: """
            Specialized care (care-…) needs --care-category <id> (or care_category=<id>)
            before 'case submit', one that fits the service:
            \(Service.allCases.filter(CaseTransitions.isCare).map { service in
                "  \(service.rawValue): " + CareCategory.categories(for: service).map(\.id).joined(separator: ", ")
            }.joined(separator: "\n"))

            After placement (асрамжийн дараах; the district records the rest, seen here after sync):
            \(CareCommandLine.help(tool: NodeCommand.tool, hub: false, database: NodeCommand.defaultDatabase))

            Services (үйлчилгээ):
            \(Service.allCases.map { "  \($0.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0))\($0.mongolianName) (\($0.englishName))" }.joined(separator: "\n"))
            """)

    static func run(_ words: [String]) throws -> Int32 {
        guard let (sub, rest) = try group.subcommand(words) else { return ExitCode.success }
        switch sub {
        case "new": return try new(rest)
        case "list": return try list(rest)
        case "show": return try show(rest)
        case "set": return try set(rest)
        case "delete", "restore": return try deleteOrRestore(sub, rest)
        case "checklist": return try checklist(rest)
        case "doc": return try document(rest)
        case "attach": return try attach(rest)
        case "files": return try files(rest)
        case "scan": return try scan(rest)
        case "detach": return try detach(rest)
        case "submit": return try submit(rest)
        case "complain", "complaint": return try complaint(rest, answering: false)
        case "answer": return try complaint(rest, answering: true)
        case _ where CareCommandLine.subcommands[sub] != nil: return try care(sub, rest)
        default: throw group.unknown(sub)
        }
    }

    /// The office's cases at the command line's `--db` (the spec must take `database: NodeCommand.defaultDatabase`).
    static func openBook(_ line: ParsedCommandLine) throws -> CaseBook {
        CaseBook(store: try NodeStore.open(path: line.databasePath))
    }
}
