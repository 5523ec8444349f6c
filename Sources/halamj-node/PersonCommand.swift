import Foundation
import HalamjCommandLine
import ReplicaStorage
import CaseBooks
import SyncModel

/// `halamj-node person add|list`: the applicants this office registered.
enum PersonCommand {
    static let usage = Usage("halamj-node person", "add --rd <РД> --name \"<нэр>\" [<field>=<value>…] | list [--json]")
    static let help = """
        Иргэн (applicants) registered at this office. The register number (РД) gives the
        birth date and sex; legacy letters Є and Ї are read as Ө and Ү.

        Usage:
          halamj-node person add --rd <РД> --name "<нэр>" [phone=<утас>] [address=<хаяг>] [<field>=<value>…]
          halamj-node person list [--json]      in Mongolian alphabetical order

        Options: --db <path> (default: $HALAMJ_DB, else halamj-node.db)
        """

    static func run(_ words: [String]) throws -> Int32 {
        guard let sub = words.first else { throw UsageError("missing person command (add, list)", usage: usage) }
        let rest = Array(words.dropFirst())
        switch sub {
        case "-h", "--help": Console.out(help); return ExitCode.success
        case "add": return try add(rest)
        case "list": return try list(rest)
        default: throw UsageError("unknown person command '\(sub)'", usage: usage)
        }
    }

    static func add(_ words: [String]) throws -> Int32 {
        let usage = Usage("halamj-node person add", "--rd <РД> --name \"<нэр>\" [<field>=<value>…]")
        var args = Arguments(words, usage: usage)
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let db = try args.option("--db")
        let rdText = try args.option("--rd")
        let name = try args.option("--name")?.trimmingCharacters(in: .whitespacesAndNewlines)
        let extra = try CaseOutput.changes(args.remainingPositionals(), usage: usage)
        try args.finish()
        guard let rdText else { throw args.usageError("missing --rd <register number>") }
        guard let name, !name.isEmpty else { throw args.usageError("missing --name \"<name>\"") }
        let store = try CaseCommand.openBook(db).store
        let today = try store.localDate(Clock.nowMillis())
        let rd: RegisterNumber
        do {
            rd = try RegisterNumber.parse(rdText, bornBy: today)
        } catch {
            throw args.usageError("--rd: \(error.description)")
        }
        for field in extra.keys where !CaseFields.isValidFieldName(field) || field == PersonFields.birthDate || field == PersonFields.sex {
            throw args.usageError("'\(field)' cannot be set here (birth date and sex come from the register number)")
        }
        let person = try PersonBook(store: store).add(rd, name: name, fields: extra)
        Console.out("\(person.registerNumber): \(person.name), төрсөн (born) \(rd.birthDate.iso), \(rd.sex == .male ? "эрэгтэй (male)" : "эмэгтэй (female)")")
        return ExitCode.success
    }

    static func list(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-node person list", "[--json]"))
        if args.wantsHelp { Console.out(help); return ExitCode.success }
        let json = args.flag("--json")
        let db = try args.option("--db")
        try args.finish()
        let people = try PersonBook(store: CaseCommand.openBook(db).store).list()
        if json {
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
