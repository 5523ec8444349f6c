import HalamjCommandLine
import CaseBooks
import LocalNode
import SyncModel

/// `halamj-node case handover|contract|plan`: what the soum records after placement
/// (the district records the rest; the soum sees it after its next sync).
extension CaseCommand {
    static func care(_ sub: String, _ words: [String]) throws -> Int32 {
        if let kind = CareCommandLine.subcommands[sub], kind.hubOnly {
            throw CaseError.transition(
                "«\(kind.label.mongolian)»-г зөвхөн аймаг, дүүргийн төв бүртгэнэ (only the district hub records: \(kind.label.english); this office sees it after its next sync)")
        }
        guard let command = try CareCommandLine.parse(sub, words, tool: NodeCommand.tool, database: NodeCommand.defaultDatabase) else {
            return ExitCode.success
        }
        let view = try CareCommandLine.run(command, book: CaseBook(store: NodeStore.open(path: command.db)))
        Console.out(CareCommandLine.confirmation(view, command) + "; it goes to the district at the next sync")
        return ExitCode.success
    }
}
