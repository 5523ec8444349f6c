import Foundation
import HalamjCommandLine
import ReplicaStorage
import CaseBooks
import SyncModel

/// `halamj-node case new …`, from options or, in a terminal, by asking.
extension CaseCommand {
    static let service = Option("--service", "<service>", .text, help: "үйлчилгээ (the service; 'case --help' lists them)")
    static let registerNumber = Option("--rd", "<РД>", .text, help: "регистрийн дугаар (the applicant's register number)")
    static let name = Option("--name", "\"<нэр>\"", .text, help: "овог нэр (may be left out for a person registered with 'person add')")
    static let careCategory = Option("--care-category", "<id>", .text, help: """
        хамрагдах иргэн (specialized care, care-…: the category, one that fits the service;
        or care_category=<id>), needed before 'case submit'
        """)
    static let fields = Positional.variadic("fields", shown: "<field>=<value>…")
    static let newSpec = CommandSpec(
        "halamj-node case new", """
            Шинэ хэрэг нээх (open a case): prints the new case number alone on one line; in a
            terminal, with no options, it asks for each in turn.
            """,
        options: [service, registerNumber, name, careCategory], positionals: [fields], database: NodeCommand.defaultDatabase,
        synopsis: "--service <service> --rd <РД> [--name \"<нэр>\"] [--care-category <id>] [<field>=<value>…] [--db <path>]")

    static func new(_ words: [String]) throws -> Int32 {
        guard let line = try newSpec.parse(words) else { return ExitCode.success }
        var serviceText = try line.optional(service)
        var rdText = try line.optional(registerNumber)
        var name = try line.optional(name)?.trimmingCharacters(in: .whitespacesAndNewlines)
        var category = try line.optional(careCategory)
        var extra = try CaseOutput.changes(line.remaining(fields), usage: newSpec.usage)
        let book = try openBook(line)
        if serviceText == nil && rdText == nil && Prompt.isInteractive {
            serviceText = try askService()
            rdText = try Prompt.ask("Регистрийн дугаар (register number, e.g. УБ99031212)")
        }
        guard let serviceText else { throw line.usageError("missing --service <service>") }
        guard let rdText else { throw line.usageError("missing --rd <register number>") }
        guard let service = Service(rawValue: serviceText) else {
            throw line.usageError("unknown service '\(serviceText)'; one of: \(Service.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let given = extra[CareCategory.field] {
            guard category == nil || category == given else {
                throw line.usageError("give the care category once: --care-category or \(CareCategory.field)=<id>")
            }
            category = given
        }
        if category == nil, CaseTransitions.isCare(service), Prompt.isInteractive {
            category = try askCareCategory(service)
        }
        if let category {
            if let reason = CareCategory.refusal(category, service: service) {
                throw line.usageError("--care-category: \(reason)")
            }
            extra[CareCategory.field] = category
        }
        let today = try book.store.localDate(Clock.nowMillis())
        let rd: RegisterNumber
        do {
            rd = try RegisterNumber.parse(rdText, bornBy: today)
        } catch {
            throw line.usageError("--rd: \(error.description)")
        }
        if name?.isEmpty ?? true {
            name = try PersonBook(store: book.store).find(rd)?.name
        }
        if name?.isEmpty ?? true, Prompt.isInteractive {
            name = try Prompt.ask("Овог нэр (name)")
        }
        guard let name, !name.isEmpty else {
            throw line.usageError("missing --name \"<name>\" (or register the person first with 'person add')")
        }
        let view = try book.open(service: service, registerNumber: rd, name: name, fields: extra)
        Console.out(view.number)
        if Prompt.isInteractive {
            Console.err("Бүрдүүлэх баримт (documents to collect): 'halamj-node case checklist \(view.number)'")
        }
        return ExitCode.success
    }

    /// The care category, asked in a terminal: the ones that fit the service, by number or id.
    static func askCareCategory(_ service: Service) throws -> String {
        let fitting = CareCategory.categories(for: service)
        for (index, category) in fitting.enumerated() {
            Console.err("  \(index + 1). \(category.mongolian) (\(category.id))")
        }
        let answer = try Prompt.ask("Хамрагдах иргэн (care category): number or id")
        if let number = Int(answer), (1...fitting.count).contains(number) {
            return fitting[number - 1].id
        }
        return answer
    }

    static func askService() throws -> String {
        for (index, service) in Service.allCases.enumerated() {
            Console.err("  \(index + 1). \(service.mongolianName) (\(service.rawValue))")
        }
        let answer = try Prompt.ask("Үйлчилгээ (service): number or id")
        if let number = Int(answer), (1...Service.allCases.count).contains(number) {
            return Service.allCases[number - 1].rawValue
        }
        return answer
    }
}
