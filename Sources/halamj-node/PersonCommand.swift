import Foundation
import HalamjCommandLine
import ReplicaStorage
import CaseBooks
import SyncModel

/// `halamj-node person add|list`: the applicants this office registered.
enum PersonCommand {
    static let registerNumber = Option("--rd", "<РД>", .text, required: true,
                                       help: "регистрийн дугаар (register number; gives the birth date and sex)")
    static let name = Option("--name", "\"<нэр>\"", .text, required: true, help: "овог нэр (name)")
    static let fields = Positional.variadic("fields", shown: "[phone=<утас>] [address=<хаяг>] [<field>=<value>…]")
    static let addSpec = CommandSpec(
        "halamj-node person add", "Иргэн бүртгэх (register an applicant)",
        options: [registerNumber, name], positionals: [fields], database: NodeCommand.defaultDatabase)
    static let listSpec = CommandSpec(
        "halamj-node person list", "Иргэд (applicants), in Mongolian alphabetical order",
        options: [Flag.json], database: NodeCommand.defaultDatabase)
    static let group = CommandGroup("halamj-node person", """
        Иргэн (applicants) registered at this office. The register number (РД) gives the
        birth date and sex; legacy letters Є and Ї are read as Ө and Ү.
        """, [addSpec, listSpec])

    static func run(_ words: [String]) throws -> Int32 {
        guard let (sub, rest) = try group.subcommand(words) else { return ExitCode.success }
        switch sub {
        case "add": return try add(rest)
        case "list": return try list(rest)
        default: throw group.unknown(sub)
        }
    }

    static func add(_ words: [String]) throws -> Int32 {
        guard let line = try addSpec.parse(words) else { return ExitCode.success }
        let rdText = try line.value(registerNumber)
        let name = try line.value(name).trimmingCharacters(in: .whitespacesAndNewlines)
        let extra = try CaseOutput.changes(line.remaining(fields), usage: addSpec.usage)
        let store = try CaseCommand.openBook(line).store
        let today = try store.localDate(Clock.nowMillis())
        let rd: RegisterNumber
        do {
            rd = try RegisterNumber.parse(rdText, bornBy: today)
        } catch {
            throw line.usageError("--rd: \(error.description)")
        }
        for field in extra.keys where !CaseFields.isValidFieldName(field) || field == PersonFields.birthDate || field == PersonFields.sex {
            throw line.usageError("'\(field)' cannot be set here (birth date and sex come from the register number)")
        }
        let person = try PersonBook(store: store).add(rd, name: name, fields: extra)
        Console.out("\(person.registerNumber): \(person.name), төрсөн (born) \(rd.birthDate.iso), \(rd.sex == .male ? "эрэгтэй (male)" : "эмэгтэй (female)")")
        return ExitCode.success
    }

    static func list(_ words: [String]) throws -> Int32 {
        guard let line = try listSpec.parse(words) else { return ExitCode.success }
        let people = try PersonBook(store: CaseCommand.openBook(line).store).list()
        if try line.flag(.json) {
            Console.out(try JSONOutput.string(people))
            return ExitCode.success
        }
        var table = Table(headers: ["Нэр (name)", "РД", "Төрсөн (born)", "Хүйс (sex)", "Утас (phone)"])
        for person in people {
            table.add([person.name, person.registerNumber, person.values[PersonFields.birthDate] ?? "",
                       person.values[PersonFields.sex] == "male" ? "эр" : "эм", person.values["phone"] ?? ""])
        }
        Console.out(table.render())
        return ExitCode.success
    }
}
