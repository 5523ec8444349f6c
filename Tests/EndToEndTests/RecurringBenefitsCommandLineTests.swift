import Foundation
import Testing
@testable import HubServer
import ReplicaStorage
import CaseBooks
import SyncModel

/// `halamj-hub case pay`, `review to-close` and `review report` run as processes on a
/// hub database (issue 15, items 5 and 8). The programs judge by the real clock, so the
/// cases are dated in 2024-2025, in the past of any day the tests run on.
@Suite(.serialized) struct RecurringBenefitsCommandLineTests {
    let dir = TemporaryDirectory()
    var hubPath: String { dir.path("hub.db") }

    /// Three cases of soum-4305 as the hub holds them once submitted: a child-care
    /// allowance (the child born 2022-03-15, so it ended on 2025-03-15), twins, and
    /// elderly care placed on 2024-12-01.
    func district() throws {
        let store = try Hub.create(path: hubPath, id: ReplicaID("hub-43")!)
        let cases: [(String, Service, String, [String: String])] = [
            ("4305-2024-000001", .childCareAllowance, "УБ95031222", ["child_birth_dates": "2022-03-15"]),
            ("4305-2024-000002", .twinsAllowance, "УБ90010122", ["child_birth_dates": "2024-09-01,2024-09-01"]),
            ("4305-2024-000003", .careElderly, "УБ45010112", [:]),
        ]
        for (number, service, rd, facts) in cases {
            var changes = facts.merging([
                CaseFields.service: service.rawValue, CaseFields.registerNumber: rd, CaseFields.name: "Иргэн",
                CaseFields.status: "submitted", WorkflowFields.applicationDate: "2024-10-21", WorkflowFields.submittedOn: "2024-10-22",
            ]) { _, new in new }
            for document in Checklists.documents(for: service) { changes[document.field] = "received" }
            _ = try store.transaction { tx in
                try tx.write(RecordKey(collection: CaseFields.collection, id: number), office: "soum-4305", changes: changes,
                             now: CivilDate(iso: "2024-10-22")!.startMillis)
            }
        }
        // The care case's decree, as the hub records it.
        _ = try store.transaction { tx in
            try tx.write(RecordKey(collection: CaseFields.collection, id: "4305-2024-000003"), office: "soum-4305", changes: [
                CaseFields.status: "approved", WorkflowFields.decision: "approved",
                WorkflowFields.decreeNumber: "А/3", WorkflowFields.decreeDate: "2024-11-20",
            ], now: CivilDate(iso: "2024-11-20")!.startMillis)
        }
        _ = try CaseBook(store: store).move("4305-2024-000003", to: "placed", extra: [CareOccupancy.placedOnField: "2024-12-01"])
    }

    func hub(_ arguments: [String]) throws -> Programs.Result {
        try Programs.run("halamj-hub", arguments + ["--db", hubPath], in: dir.url)
    }

    @Test func payingThreeMonths_ThenTheQueueAndTheReport_FromTheBuiltProgram() throws {
        try district()
        #expect(try hub(["decide", "4305-2024-000001", "--approve", "--decree", "А/1", "--date", "2024-11-05"]).status == 0)
        #expect(try hub(["decide", "4305-2024-000002", "--approve", "--decree", "А/2", "--date", "2024-12-02"]).status == 0)

        for (period, day) in [("2024-11", "2024-11-28"), ("2024-12", "2024-12-27"), ("2025-01", "2025-01-29")] {
            let paid = try hub(["case", "pay", "4305-2024-000001", "--period", period, "--date", day])
            #expect(paid.status == 0, "\(paid.stderr)")
            #expect(paid.stdout.contains("\(period) олгосон (paid) 50,000 ₮"), "\(paid.stdout)")
        }
        let again = try hub(["case", "pay", "4305-2024-000001", "--period", "2025-01"])
        #expect(again.status == 1 && again.stderr.contains("already paid"), "\(again.stderr)")
        let late = try hub(["case", "pay", "4305-2024-000001", "--period", "2025-04"])
        #expect(late.status == 1 && late.stderr.contains("2025-03-15"), "after the child turned 3: \(late.stderr)")
        let badForm = try hub(["case", "pay", "4305-2024-000001", "--period", "2025-Q1"])
        #expect(badForm.status == 1 && badForm.stderr.contains("2026-11"), "\(badForm.stderr)")
        let once = try hub(["case", "pay", "4305-2024-000002", "--date", "2024-12-10"])
        #expect(once.status == 0 && once.stdout.contains("2,000,000 ₮"), "\(once.stdout)\(once.stderr)")
        #expect(try hub(["case", "pay", "4305-2024-000002", "--period", "2025-01"]).stderr.contains("нэг удаа олгоно"))

        let shown = try hub(["case", "show", "4305-2024-000001"])
        let lines = shown.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("Олгосон 2024-12:") && $0.hasSuffix("50,000 ₮, 2024-12-27") }, "\(shown.stdout)")
        #expect(lines.contains { $0.hasPrefix("Дараагийн олголт (next due):") && $0.hasSuffix(" 2025-02") }, "\(shown.stdout)")
        #expect(shown.stdout.contains("2025-03-15") && !shown.stdout.contains("payment_2024-11"))

        let queue = try hub(["review", "to-close"])
        #expect(queue.status == 0, "\(queue.stderr)")
        #expect(queue.stdout.contains("4305-2024-000001") && queue.stdout.contains(Service.childCareAllowance.mongolianName) && queue.stdout.contains("2025-03-15"), "\(queue.stdout)")
        #expect(!queue.stdout.contains("4305-2024-000002"), "a one-off has no end to wait for")
        #expect(try hub(["status"]).stdout.contains("Хаах хэрэг (to close): 1 — halamj-hub review to-close"))
        let json = try hub(["review", "to-close", "--json"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(items.map { $0["number"] as? String } == ["4305-2024-000001"])
        #expect(items.first?["lastPaid"] as? String == "2025-01")

        let csv = try hub(["review", "report", "--csv", "--from", "2024-11-01", "--to", "2025-01-31"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csv.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first == "office,service,service_name,cases,people,submitted,approved,rejected,overdue,payments,one_off_paid_mnt,recurring_paid_mnt,in_care")
        #expect(rows.contains("soum-4305,child-care-allowance,\(Service.childCareAllowance.mongolianName),1,1,0,1,0,0,3,0,150000,0"), "\(rows)")
        #expect(rows.contains("soum-4305,twins-allowance,\(Service.twinsAllowance.mongolianName),1,1,0,1,0,1,1,2000000,0,0"), "\(rows)")  // decided 2024-12-02, due 2024-11-20: late
        #expect(rows.contains("soum-4305,care-elderly,\(Service.careElderly.mongolianName),1,1,0,1,0,0,0,0,0,1"), "\(rows)")
        #expect(rows.last == "total,,,3,3,0,3,0,1,4,2000000,150000,1")

        let reportJSON = try hub(["report", "--json", "--from", "2024-11-01", "--to", "2025-01-31"])
        let report = try JSONDecoder().decode(DistrictReport.self, from: Data(reportJSON.stdout.utf8))
        #expect(report.total.payments == 4 && report.total.recurringPaid == 150_000 && report.rows.count == 3, "the JSON carries the same numbers")
        let table = try hub(["review", "report", "--from", "2024-11-01", "--to", "2025-01-31"])
        #expect(table.stdout.contains("\(Service.twinsAllowance.mongolianName) (twins-allowance)") && table.stdout.contains("2,000,000"), "\(table.stdout)")
        let backwards = try hub(["review", "report", "--from", "2025-01-31", "--to", "2024-11-01"])
        #expect(backwards.status == 64)
    }
}
