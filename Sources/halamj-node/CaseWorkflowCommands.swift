import Foundation
import HalamjCommandLine
import SyncModel

/// `halamj-node case checklist|doc|submit`: the social worker's steps.
extension CaseCommand {
    static let checklistSpec = CommandSpec("halamj-node case checklist", "Бүрдүүлэх баримт (the documents of a case)",
                                           options: [Flag.json], positionals: [.caseNumber], database: NodeCommand.defaultDatabase)
    static let docSpec = CommandSpec("halamj-node case doc", "Баримт тэмдэглэх (mark a document received or missing)",
                                     positionals: [.caseNumber, .document, .documentState], database: NodeCommand.defaultDatabase)
    static let submitSpec = CommandSpec("halamj-node case submit", "Илгээх (send to the district; needs every document)",
                                        positionals: [.caseNumber], database: NodeCommand.defaultDatabase)

    static func checklist(_ words: [String]) throws -> Int32 {
        guard let line = try checklistSpec.parse(words) else { return ExitCode.success }
        let items = try openBook(line).checklist(line.positional(.caseNumber))
        Console.out(try line.flag(.json) ? try JSONOutput.string(items) : ChecklistOutput.table(items))
        return ExitCode.success
    }

    static func document(_ words: [String]) throws -> Int32 {
        guard let line = try docSpec.parse(words) else { return ExitCode.success }
        let number = try line.positional(.caseNumber), document = try line.positional(.document), received = try line.documentReceived()
        let view = try openBook(line).markDocument(number, document, received: received)
        Console.out("\(view.number): \(document) \(received ? "ирсэн (received)" : "дутуу (missing)")")
        return ExitCode.success
    }

    static func submit(_ words: [String]) throws -> Int32 {
        guard let line = try submitSpec.parse(words) else { return ExitCode.success }
        let view = try openBook(line).submit(line.positional(.caseNumber))
        Console.out("\(view.number): илгээхэд бэлэн (submitted); it goes to the district at the next sync")
        return ExitCode.success
    }
}
