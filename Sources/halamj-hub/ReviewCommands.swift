import Foundation
import HalamjCommandLine
import HubServer
import ReplicaStorage
import CaseBooks
import SyncModel

/// The district's views across offices: decisions and their delivery, double
/// applications, overdue cases, and the report of counts and amounts.
enum ReviewCommands {
    static let decisionsSpec = CommandSpec(
        "halamj-hub decisions", "Шийдвэрүүд (decisions): every decided case and when the decision reached its soum.",
        options: [Option.office, Flag.json], database: HubCommand.defaultDatabase)

    static func decisions(_ words: [String]) throws -> Int32 {
        guard let line = try decisionsSpec.parse(words) else { return ExitCode.success }
        let decided = try CaseBook(store: HubCommand.openStore(line)).list(office: line.optional(.office))
            .filter { $0.values[WorkflowFields.decision] != nil }
        if try line.flag(.json) {
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

    static let flag = Flag("--flag", help: """
        тэмдэглэх (write the double-application flag on every case listed, naming the others:
        it reaches each case's district and soum at their next sync; audit-logged)
        """)
    static let duplicatesSpec = CommandSpec(
        "halamj-hub duplicates", """
            Давхардсан өргөдөл (double applications): the same register number applying for the same
            service at two or more offices; at the national hub, across districts.
            """,
        options: [flag, Flag.json], database: HubCommand.defaultDatabase)

    static func duplicates(_ words: [String]) throws -> Int32 {
        guard let line = try duplicatesSpec.parse(words) else { return ExitCode.success }
        let store = try HubCommand.openStore(line)
        let groups = try CaseBook(store: store).duplicateApplications()
        if try line.flag(flag) {
            let now = Clock.nowMillis()
            let book = CaseBook(store: store, alongside: { tx in
                try AuditLog.append(tx, actor: Actor.current, action: "duplicates flag", subject: "\(groups.count) groups", now: now)
            })
            let flagged = try book.flagDuplicates(groups, now: now)
            Console.err("\(flagged.count) хэрэгт тэмдэглэсэн (cases flagged now; the others were already)")
        }
        if try line.flag(.json) {
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

    static let overdueSpec = CommandSpec(
        "halamj-hub overdue", """
            Хугацаа хэтэрсэн (overdue): no decision 30 days after the application was handed in at the soum;
            complaints not answered in 30 days, at either level.
            """,
        options: [Option.office, Flag.json], database: HubCommand.defaultDatabase)

    static func overdue(_ words: [String]) throws -> Int32 {
        guard let line = try overdueSpec.parse(words) else { return ExitCode.success }
        let store = try HubCommand.openStore(line)
        let items = try CaseBook(store: store).overdue(today: try store.localDate(Clock.nowMillis()), office: line.optional(.office))
        Console.out(try line.flag(.json) ? try JSONOutput.string(items) : OverdueOutput.table(items))
        return ExitCode.success
    }
}
