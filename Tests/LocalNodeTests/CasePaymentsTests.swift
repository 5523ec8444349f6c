import Foundation
import Testing
import HalamjTestSupport
@testable import ReplicaStorage
@testable import CaseBooks
import SyncModel

/// Payments recorded at the hub, the "to close" queue and the district report (issue 15,
/// items 5 and 8), with a fixed `now` in Ulaanbaatar's calendar.
@Suite struct CasePaymentsTests {
    let dir = TemporaryDirectory()
    let hub: CaseBook

    init() throws {
        hub = CaseBook(store: try ReplicaStore.create(path: dir.path("hub.db"), replica: ReplicaID("hub-43")!, role: .hub, office: nil))
    }

    /// Noon in Ulaanbaatar on `iso` (04:00 UTC).
    static func noon(_ iso: String) -> Int64 { CivilDate(iso: iso)!.startMillis + 4 * 3_600_000 }

    /// A case as the hub holds it once the office submitted it, every document here.
    @discardableResult
    func submitted(_ number: String, _ service: Service, rd: String, office: String = "soum-4305",
                   applied: String, submitted: String, facts: [String: String] = [:]) throws -> String {
        var changes = facts.merging([
            CaseFields.service: service.rawValue, CaseFields.registerNumber: rd, CaseFields.name: "Иргэн",
            CaseFields.status: "submitted", WorkflowFields.applicationDate: applied, WorkflowFields.submittedOn: submitted,
        ]) { _, new in new }
        for document in Checklists.documents(for: service) { changes[document.field] = "received" }
        _ = try hub.store.transaction { tx in
            try tx.write(RecordKey(collection: CaseFields.collection, id: number), office: office, changes: changes, now: Self.noon(submitted))
        }
        return number
    }

    /// The governor's decree as the hub records it (the decision's own rules are tested
    /// with `decide`; here only its fields matter).
    func approved(_ number: String, on decree: String, approve: Bool = true) throws {
        let state = approve ? "approved" : "rejected"
        _ = try hub.store.transaction { tx in
            try tx.write(RecordKey(collection: CaseFields.collection, id: number), office: "soum-4305", changes: [
                CaseFields.status: state, WorkflowFields.decision: state,
                WorkflowFields.decreeNumber: "А/\(decree)", WorkflowFields.decreeDate: decree,
            ], now: Self.noon(decree))
        }
    }

    /// A mother's child-care allowance, the child born 5 December 2023, decided 10 September 2026.
    func childCare(_ number: String = "4305-2026-000001") throws -> String {
        try submitted(number, .childCareAllowance, rd: "УБ95031222", applied: "2026-08-25", submitted: "2026-09-01",
                      facts: ["child_birth_dates": "2023-12-05"])
        try approved(number, on: "2026-09-10")
        return number
    }

    @Test func aChildCareAllowance_PaidForThreeMonths_IsQueuedToCloseOnTheDayTheChildTurns3() throws {
        let number = try childCare()
        for (period, day) in [("2026-09", "2026-09-30"), ("2026-10", "2026-10-30"), ("2026-11", "2026-11-30")] {
            let (view, payment) = try hub.pay(number, period: period, paidOn: CivilDate(iso: day), now: Self.noon("2026-12-01"))
            #expect(payment.amount == 50_000, "the amounts table's monthly child-care allowance")
            #expect(view.status == "paid")
        }
        let view = try hub.show(number)
        #expect(view.values["payment_2026-09"] == "50000 2026-09-30")
        let schedule = try #require(PaymentSchedule(values: view.values))
        #expect(schedule.payments.map(\.period) == ["2026-09", "2026-10", "2026-11"])
        #expect(schedule.nextDue?.text == "2026-12")
        #expect(schedule.ending?.endsOn.iso == "2026-12-05")

        #expect(try hub.toClose(today: CivilDate(iso: "2026-12-04")!).isEmpty, "the day before the 3rd birthday")
        let queued = try hub.toClose(today: CivilDate(iso: "2026-12-05")!)
        #expect(queued.map(\.number) == [number], "turning 3 on the day")
        #expect(queued.first?.lastPaid == "2026-11" && queued.first?.daysPast == 0)
        #expect(queued.first?.reason.hasPrefix("Хүүхэд 3 нас хүрнэ") == true)

        // December holds the birthday and is still owed; January is not.
        #expect(throws: CaseError.self) { try hub.pay(number, period: "2027-01", now: Self.noon("2027-01-20")) }
        _ = try hub.pay(number, period: "2026-12", now: Self.noon("2026-12-20"))
        _ = try hub.move(number, to: "closed", now: Self.noon("2026-12-21"))
        #expect(try hub.toClose(today: CivilDate(iso: "2027-01-01")!).isEmpty, "closing takes it out of the queue")
    }

    @Test func theToCloseQueue_ReadsTheDueDayIndex_FilledAgainInAFileSavedBeforeIt() throws {
        let number = try childCare()
        let birthday = CivilDate(iso: "2026-12-05")!
        #expect(try hub.toClose(today: birthday).map(\.number) == [number])
        try hub.store.transaction { tx in
            try tx.database.execute("UPDATE records SET due_day = NULL")
            try tx.setMeta("case_index_version", "2")
        }
        #expect(try hub.toClose(today: birthday).isEmpty, "read through the index, not every case")
        let reopened = CaseBook(store: try ReplicaStore.open(path: dir.path("hub.db")))
        #expect(try reopened.toClose(today: birthday).map(\.number) == [number], "filled again on open")
        #expect(try reopened.overdue(today: birthday).isEmpty, "an ended benefit is not an overdue decision")
    }

    @Test func overdueCounts_ReadOffTheIndex_AgreeWithTheOverdueList_AndLeaveEndedBenefitsOut() throws {
        let ended = try childCare()  // its benefit ends 2026-12-05: to close, not overdue
        try submitted("4305-2026-000002", .elderlyAgeGift, rd: "УБ45010112", applied: "2026-10-01", submitted: "2026-10-02")
        try submitted("4305-2026-000003", .elderlyAgeGift, rd: "УБ45020212", applied: "2026-11-20", submitted: "2026-11-21")
        try submitted("4306-2026-000001", .elderlyAgeGift, rd: "УБ45030312", office: "soum-4306", applied: "2026-09-01", submitted: "2026-09-02")
        let today = CivilDate(iso: "2026-12-10")!
        let listed = try hub.overdue(today: today)
        #expect(Set(listed.map(\.number)) == ["4305-2026-000002", "4306-2026-000001"], "\(listed)")
        #expect(!listed.contains { $0.number == ended })
        #expect(try hub.toClose(today: today).map(\.number) == [ended])
        let counted = try hub.store.read { try $0.overdueCounts(before: today.dayNumber) }
        #expect(counted == ["soum-4305": 1, "soum-4306": 1])
        // Refilled from the bodies in a file saved before the index had the column.
        try hub.store.transaction { tx in
            try tx.database.execute("UPDATE records SET overdue_day = NULL")
            try tx.setMeta("case_index_version", "4")
        }
        let reopened = try ReplicaStore.open(path: dir.path("hub.db"))
        #expect(try reopened.read { try $0.overdueCounts(before: today.dayNumber) } == counted)
    }

    @Test func payments_AreRefusedWithTheReason_AndChangeNothing() throws {
        let number = try childCare()
        let now = Self.noon("2026-12-01")
        func refusal(_ period: String?, amount: Int? = nil, date: String? = nil) -> String {
            do {
                _ = try hub.pay(number, period: period, amount: amount, paidOn: date.flatMap(CivilDate.init(iso:)), now: now)
                return "recorded"
            } catch {
                return "\(error)"
            }
        }
        #expect(refusal("2026-08").contains("шийдвэрээс өмнө"), "before the decision")
        #expect(refusal("2026-Q4").contains("2026-11"), "a monthly allowance takes a month")
        #expect(refusal(nil).contains("period"))
        #expect(refusal("2026-10", date: "2026-12-02").contains("ирээдүйд"), "paid tomorrow")
        #expect(refusal("2026-10", amount: -5).contains("amount"))
        #expect(try hub.show(number).values.keys.filter(PaymentFields.isPayment).isEmpty)
        #expect(try hub.show(number).status == "approved")
        _ = try hub.pay(number, period: "2026-10", amount: 48_000, now: now)
        #expect(refusal("2026-10").contains("already paid"))
        #expect(try hub.show(number).values["payment_2026-10"] == "48000 2026-12-01", "the amount given and today's date")

        try submitted("4305-2026-000002", .childCareAllowance, rd: "УБ95031222", applied: "2026-11-01", submitted: "2026-11-02")
        #expect(throws: CaseError.self) { try hub.pay("4305-2026-000002", period: "2026-11", now: now) }
    }

    @Test func aOneOffIsPaidOnce_AndCareIsNeverPaid() throws {
        let twins = try submitted("4305-2026-000003", .twinsAllowance, rd: "УБ95031222", applied: "2026-10-15", submitted: "2026-10-20",
                                  facts: ["child_birth_dates": "2026-06-01,2026-06-01"])
        try approved(twins, on: "2026-11-02")
        let (view, payment) = try hub.pay(twins, period: nil, paidOn: CivilDate(iso: "2026-11-05"), now: Self.noon("2026-11-06"))
        #expect(payment.period == "2026-11" && payment.amount == 2_000_000 && view.status == "paid")
        let twice = #expect(throws: CaseError.self) { try hub.pay(twins, period: "2026-12", now: Self.noon("2026-12-06")) }
        #expect(twice.map { "\($0)" }?.contains("нэг удаа олгоно") == true)

        let care = try submitted("4305-2026-000004", .careElderly, rd: "УБ45010112", applied: "2026-10-01", submitted: "2026-10-02")
        try approved(care, on: "2026-10-15")
        let inKind = #expect(throws: CaseError.self) { try hub.pay(care, period: "2026-10", amount: 1, now: Self.noon("2026-10-20")) }
        #expect(inKind.map { "\($0)" }?.contains("асрамжид байршуулна") == true)
    }

    @Test func anOffice_CannotRecordAPayment_NorWriteAPaymentField() throws {
        let node = CaseBook(store: try ReplicaStore.create(
            path: dir.path("node.db"), replica: ReplicaID("soum-4305")!, role: .node, office: "soum-4305"))
        let opened = try node.open(service: .childCareAllowance, registerNumber: try RegisterNumber.parse("УБ95031222"), name: "Сараа",
                                   now: Self.noon("2026-11-02"))
        #expect(throws: CaseError.notAHub("records payments")) { try node.pay(opened.number, period: "2026-11", now: Self.noon("2026-11-03")) }
        #expect(throws: (any Error).self) { try node.set(opened.number, ["payment_2026-11": "50000 2026-11-03"], now: Self.noon("2026-11-03")) }
        #expect(try node.show(opened.number).values["payment_2026-11"] == nil)
    }

    /// The small known district: six cases at two offices in autumn 2026.
    func district() throws {
        let child = try childCare()
        for (period, day) in [("2026-09", "2026-09-30"), ("2026-10", "2026-10-30"), ("2026-11", "2026-11-30")] {
            _ = try hub.pay(child, period: period, paidOn: CivilDate(iso: day), now: Self.noon("2026-12-01"))
        }
        let twins = try submitted("4305-2026-000002", .twinsAllowance, rd: "УБ90010122", applied: "2026-10-15", submitted: "2026-10-20",
                                  facts: ["child_birth_dates": "2026-06-01,2026-06-01"])
        try approved(twins, on: "2026-11-02")
        _ = try hub.pay(twins, period: nil, paidOn: CivilDate(iso: "2026-11-05"), now: Self.noon("2026-11-05"))
        let care = try submitted("4305-2026-000003", .careElderly, rd: "УБ45010112", applied: "2026-09-20", submitted: "2026-10-02")
        try approved(care, on: "2026-10-15")
        _ = try hub.move(care, to: "placed", now: Self.noon("2026-10-20"))
        let pension = try submitted("4305-2026-000004", .welfarePension, rd: "УБ95031222", applied: "2026-10-25", submitted: "2026-10-28")
        try approved(pension, on: "2026-11-12", approve: false)
        try submitted("4305-2026-000005", .elderlyAgeGift, rd: "УБ55020212", applied: "2026-11-18", submitted: "2026-11-20")
        try submitted("4306-2026-000001", .childCareAllowance, rd: "УБ98050522", office: "soum-4306", applied: "2026-11-03", submitted: "2026-11-04")
    }

    @Test func theReport_CountsPeoplePaymentsAndOccupancy_InThePeriod() throws {
        try district()
        let november = try hub.districtReport(from: CivilDate(iso: "2026-11-01")!, to: CivilDate(iso: "2026-11-30")!)
        func row(_ office: String, _ service: Service, in report: DistrictReport) throws -> DistrictReport.Row {
            try #require(report.rows.first { $0.office == office && $0.service == service.rawValue })
        }
        let childCare = try row("soum-4305", .childCareAllowance, in: november)
        #expect(childCare.serviceName == "0-3 насны хүүхэд асарсны тэтгэмж" || childCare.serviceName == Service.childCareAllowance.mongolianName)
        #expect((childCare.cases, childCare.people, childCare.payments, childCare.recurringPaid, childCare.oneOffPaid) == (1, 1, 1, 50_000, 0))
        #expect((childCare.approved, childCare.submitted) == (0, 0), "decided and submitted in September")
        let twins = try row("soum-4305", .twinsAllowance, in: november)
        #expect((twins.approved, twins.payments, twins.oneOffPaid, twins.recurringPaid) == (1, 1, 2_000_000, 0))
        let care = try row("soum-4305", .careElderly, in: november)
        #expect((care.cases, care.inCare, care.approved, care.payments) == (1, 1, 0, 0), "placed in October, still in care")
        #expect(try row("soum-4305", .welfarePension, in: november).rejected == 1)
        #expect(try row("soum-4305", .elderlyAgeGift, in: november).submitted == 1)
        #expect(try row("soum-4306", .childCareAllowance, in: november).submitted == 1)
        #expect(november.rows.map(\.office) == ["soum-4305", "soum-4305", "soum-4305", "soum-4305", "soum-4305", "soum-4306"])
        let total = november.total
        #expect((total.cases, total.submitted, total.approved, total.rejected, total.payments) == (6, 2, 1, 1, 2))
        #expect((total.oneOffPaid, total.recurringPaid, total.inCare) == (2_000_000, 50_000, 1))
        #expect(total.people == 5, "the mother of the child-care case also applied for the pension: one person")

        let autumn = try hub.districtReport(from: CivilDate(iso: "2026-09-01")!, to: CivilDate(iso: "2026-11-30")!)
        let paidThrice = try row("soum-4305", .childCareAllowance, in: autumn)
        #expect((paidThrice.payments, paidThrice.recurringPaid, paidThrice.approved, paidThrice.submitted) == (3, 150_000, 1, 1))
        #expect(autumn.total.approved == 3, "child care, twins and care approved; the pension rejected")

        let september = try hub.districtReport(from: CivilDate(iso: "2026-09-01")!, to: CivilDate(iso: "2026-09-30")!)
        #expect(september.total.inCare == 0, "not yet placed")
        #expect(september.rows.map(\.service).sorted() == ["care-elderly", "child-care-allowance"], "the care case was handed in in September")
        let december = try hub.districtReport(from: CivilDate(iso: "2026-12-01")!, to: CivilDate(iso: "2026-12-31")!)
        #expect(november.total.overdue == 0, "every November decision came within its 30 days")
        // December: the care case still in care, and the two applications whose 30 days ran
        // out in December without a decision (due 12-03 and 12-18), nothing else.
        #expect(december.rows.map { "\($0.office) \($0.service)" }
                == ["soum-4305 elderly-age-gift", "soum-4305 care-elderly", "soum-4306 child-care-allowance"], "\(december.rows)")
        #expect(december.total.inCare == 1 && december.total.overdue == 2)
        // Asked on 10 December, only the one due on the 3rd is late yet.
        let early = try hub.districtReport(from: CivilDate(iso: "2026-12-01")!, to: CivilDate(iso: "2026-12-31")!, today: CivilDate(iso: "2026-12-10")!)
        #expect(early.total.overdue == 1 && early.rows.first { $0.overdue == 1 }?.office == "soum-4306")
        _ = try hub.move("4305-2026-000003", to: "discharged", extra: [WorkflowFields.dischargeReason: "family_found"], now: Self.noon("2026-12-15"))
        #expect(try hub.districtReport(from: CivilDate(iso: "2026-12-01")!, to: CivilDate(iso: "2026-12-31")!).total.inCare == 0)
        #expect(try hub.districtReport(from: CivilDate(iso: "2026-11-01")!, to: CivilDate(iso: "2026-11-30")!).total.inCare == 1,
                "still in care at the end of November")
    }
}
