import Foundation
import HalamjCommandLine
import HubServer
import ReplicaStorage
import CaseBooks
import SyncModel

/// The district's views across offices: decisions and their delivery, double
/// applications, overdue cases, and the report of counts and amounts.
enum ReviewCommands {
    static func decisions(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-hub decisions", "[--office <office-id>] [--json]"))
        if args.wantsHelp {
            Console.out("Шийдвэрүүд (decisions): every decided case and when the decision reached its soum.\n\nUsage: halamj-hub decisions [--office <office-id>] [--json]")
            return ExitCode.success
        }
        let json = args.flag("--json")
        let office = try args.option("--office")
        let db = try args.option("--db")
        try args.finish()
        let decided = try CaseBook(store: HubCommand.openStore(db)).list(office: office)
            .filter { $0.values[WorkflowFields.decision] != nil }
        if json {
            Console.out(try JSONOutput.string(decided))
            return ExitCode.success
        }
        var table = Table(headers: ["Хэрэг (case)", "Алба (office)", "Шийдвэр (decision)", "Захирамж (decree)", "Огноо (date)", "Дүн (amount)", "Сумд хүрсэн (delivered)"],
                          alignments: [.left, .left, .left, .left, .left, .right, .left])
        for view in decided {
            let decree = view.values[WorkflowFields.decreeNumber] ?? ""
            let delivered: String
            if view.values[WorkflowFields.decisionDeliveredFor] == decree,
               let millis = view.values[WorkflowFields.decisionDeliveredAt].flatMap(Int64.init) {
                delivered = HumanTime.iso(millis: millis)
            } else {
                delivered = "хүлээгдэж буй (not yet)"
            }
            table.add([view.number, view.office, view.values[WorkflowFields.decision] ?? "", decree,
                       view.values[WorkflowFields.decreeDate] ?? "", view.values[WorkflowFields.approvedAmount] ?? "", delivered])
        }
        Console.out(table.render())
        return ExitCode.success
    }

    static func duplicates(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-hub duplicates", "[--json]"))
        if args.wantsHelp {
            Console.out("Давхардсан өргөдөл (double applications): the same register number applying for the same service at two or more offices.\n\nUsage: halamj-hub duplicates [--json]")
            return ExitCode.success
        }
        let json = args.flag("--json")
        let db = try args.option("--db")
        try args.finish()
        let groups = try CaseBook(store: HubCommand.openStore(db)).duplicateApplications()
        if json {
            Console.out(try JSONOutput.string(groups))
            return ExitCode.success
        }
        var table = Table(headers: ["РД", "Үйлчилгээ (service)", "Хэргүүд (cases)"])
        for group in groups {
            table.add([group.registerNumber, group.service,
                       group.cases.map { "\($0.number) (\($0.office), \($0.status))" }.joined(separator: "; ")])
        }
        Console.out(table.render())
        return ExitCode.success
    }

    static func overdue(_ words: [String]) throws -> Int32 {
        var args = Arguments(words, usage: Usage("halamj-hub overdue", "[--office <office-id>] [--json]"))
        if args.wantsHelp {
            Console.out("Хугацаа хэтэрсэн (overdue): no decision 30 days after the application was handed in at the soum; complaints not answered in 30 days, at either level.\n\nUsage: halamj-hub overdue [--office <office-id>] [--json]")
            return ExitCode.success
        }
        let json = args.flag("--json")
        let office = try args.option("--office")
        let db = try args.option("--db")
        try args.finish()
        let store = try HubCommand.openStore(db)
        let items = try CaseBook(store: store).overdue(today: try store.localDate(Clock.nowMillis()), office: office)
        Console.out(json ? try JSONOutput.string(items) : OverdueOutput.table(items))
        return ExitCode.success
    }
}
