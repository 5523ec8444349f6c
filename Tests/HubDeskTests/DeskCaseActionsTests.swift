import CaseBooks
import Foundation
import HalamjHTTP
import HalamjTestSupport
@testable import HubDesk
import HubServer
import ReplicaStorage
import SyncModel
import Testing
import WebAccess

/// The case page's actions after the decree (a payment, a placement, a discharge), the
/// district's comments, the queue of decisions not yet at their soum, and that every action
/// and its audit entry commit together.
@Suite(.serialized) struct DeskCaseActionsTests {
    static let root = DeskApp.root

    /// An officer logged in, and the case's page.
    private func officerOn(_ desk: DeskFixture, _ number: String) throws -> (WebClient, WebClient.Page) {
        let officer = desk.browser()
        try officer.logIn(DeskFixture.officer.name, DeskFixture.officer.password, root: Self.root)
        return (officer, try officer.get(Self.root + "/cases/\(number)"))
    }

    private func decide(_ officer: WebClient, _ page: WebClient.Page, _ number: String, extra: [(String, String)] = []) throws {
        let decided = try officer.post(Self.root + "/cases/\(number)/decide",
                                       [("_csrf", page.csrf ?? ""), ("decision", "approve"), ("decree", "A/77"), ("amount", "")] + extra)
        #expect(decided.status == 303, "\(decided.text)")
    }

    @Test func aPaymentIsRecordedFromTheCasePage_PeriodAndAmountPreFilled_AndTheSoumSeesItPaid() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let number = try desk.submittedAtSoum(.elderlyAgeGift, name: "Цэцэг", rd: "УБ40020212")
        try await desk.sync()
        var (officer, page) = try officerOn(desk, number)
        #expect(!page.text.contains("id=\"pay\""), "nothing is paid before a decision")
        try decide(officer, page, number)
        page = try officer.get(Self.root + "/cases/\(number)")
        let schedule = try #require(PaymentSchedule(values: try CaseBook(store: desk.hubStore).show(number).values))
        let next = try #require(schedule.nextDue)
        let amount = try #require(schedule.tableAmount(for: next))
        #expect(page.text.contains("id=\"pay\""))
        #expect(page.text.contains("name=\"period\" value=\"\(next.text)\"") && page.text.contains("name=\"amount\" min=\"0\" value=\"\(amount)\""), "\(page.text)")

        let bad = try officer.post(Self.root + "/cases/\(number)/pay", [("_csrf", page.csrf ?? ""), ("period", next.text), ("amount", "-5")])
        #expect(bad.status == 422 && bad.text.contains("whole number of tögrög"))
        #expect(try desk.statusAtHub(number) == "approved")

        let paid = try officer.post(Self.root + "/cases/\(number)/pay", [("_csrf", page.csrf ?? ""), ("period", next.text), ("amount", "\(amount)")])
        #expect(paid.status == 303)
        let afterPayment = try officer.follow(paid).text
        #expect(afterPayment.contains("payment recorded") && afterPayment.contains("(changes here the soum has not got yet)"))
        #expect(try desk.statusAtHub(number) == "paid")
        #expect(try AuditLog(store: desk.hubStore).entries().contains { $0.actor == "desk:dulam" && $0.action == "case pay" && $0.subject == number && $0.detail.contains(next.text) })
        try await desk.sync()
        #expect(try CaseBook(store: desk.soum).show(number).status == "paid")
        #expect(try officer.get(Self.root + "/cases/\(number)").text.contains("(the soum has the case as it is here)"))

        // A reviewer's crafted payment is refused, and records nothing.
        let reviewer = desk.browser()
        let home = try reviewer.logIn(DeskFixture.reviewer.name, DeskFixture.reviewer.password, root: Self.root)
        #expect(!(try reviewer.get(Self.root + "/cases/\(number)").text.contains("id=\"pay\"")))
        let before = try CaseBook(store: desk.hubStore).show(number).values
        let crafted = try reviewer.post(Self.root + "/cases/\(number)/pay", [("_csrf", home.csrf ?? ""), ("period", next.next.text), ("amount", "1")])
        #expect(crafted.status == 403)
        #expect(try CaseBook(store: desk.hubStore).show(number).values == before)
    }

    @Test func aCareCase_IsPlacedAndDischargedFromTheCasePage_WithTheReason_AndTheSoumSeesIt() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let number = try desk.submittedAtSoum()
        try await desk.sync()
        var (officer, page) = try officerOn(desk, number)
        let district = Checklists.documents(for: .careElderly).filter { $0.stage == .district && $0.id != Checklists.governorDecree }
        try decide(officer, page, number, extra: district.map { ("received", $0.id) })
        page = try officer.get(Self.root + "/cases/\(number)")
        #expect(try desk.statusAtHub(number) == "approved")
        #expect(page.text.contains("id=\"place\"") && !page.text.contains("id=\"discharge\"") && !page.text.contains("id=\"pay\""))

        let nameless = try officer.post(Self.root + "/cases/\(number)/place", [("_csrf", page.csrf ?? ""), ("facility", " ")])
        #expect(nameless.status == 422 && nameless.text.contains("name the facility"))
        let placed = try officer.post(Self.root + "/cases/\(number)/place", [("_csrf", page.csrf ?? ""), ("facility", "Ахмадын асрамжийн төв")])
        #expect(placed.status == 303)
        page = try officer.follow(placed)
        #expect(try desk.statusAtHub(number) == "placed")
        #expect(page.text.contains("id=\"discharge\"") && !page.text.contains("id=\"place\""))
        for way in CareLabels.leavingWays { #expect(page.text.contains("value=\"\(way.id)\""), "\(way.id)") }

        // The director's order names the breach; without one nothing changes.
        let groundless = try officer.post(Self.root + "/cases/\(number)/discharge",
                                          [("_csrf", page.csrf ?? ""), ("way", CareLabels.dischargeByOrder), ("ground", "")])
        #expect(groundless.status == 422 && groundless.text.contains("names the breach"))
        #expect(try desk.statusAtHub(number) == "placed")
        let discharged = try officer.post(Self.root + "/cases/\(number)/discharge",
                                          [("_csrf", page.csrf ?? ""), ("way", CareLabels.dischargeByOrder), ("ground", "drinking"),
                                           ("clothes", "50000"), ("travel", "30,000"), ("note", "")])
        #expect(discharged.status == 303)
        let values = try CaseBook(store: desk.hubStore).show(number).values
        #expect(values[CaseFields.status] == "discharged" && values[WorkflowFields.dischargeReason] == CareLabels.dischargeByOrder)
        let audit = try AuditLog(store: desk.hubStore).entries().filter { $0.subject == number }.map(\.action)
        #expect(audit.contains("care placement") && audit.contains("care leaving"))
        try await desk.sync()
        let atSoum = try CaseBook(store: desk.soum).show(number)
        #expect(atSoum.status == "discharged" && atSoum.values[WorkflowFields.dischargeReason] == CareLabels.dischargeByOrder)
    }

    @Test func theCasePage_ShowsEligibilityWithItsReasons_AndAnswersAComplaintInPlace() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let number = try desk.submittedAtSoum(.elderlyAgeGift, name: "Цэцэг", rd: "УБ40020212")
        _ = try CaseBook(store: desk.soum).fileComplaint(number, text: "Хугацаа хэтэрлээ", level: .first)
        try await desk.sync()
        let (officer, page) = try officerOn(desk, number)
        let view = try CaseBook(store: desk.hubStore).show(number)
        let day = try #require(view.values[WorkflowFields.applicationDate].flatMap(CivilDate.init(iso:)))
        let expected = Eligibility.check(.elderlyAgeGift, ApplicationForm.facts(try RegisterNumber.parse("УБ40020212"), view.values), on: day)
        #expect(expected.eligible && page.text.contains("id=\"eligibility\"") && page.text.contains("(eligible)"))
        for reason in expected.reasons { #expect(page.text.contains(HTMLText.escape(reason)), "\(reason)") }
        #expect(page.text.contains("id=\"complaint-1\"") && page.text.contains("Хугацаа хэтэрлээ") && page.text.contains("id=\"answer-1\""))

        let answered = try officer.post(Self.root + "/cases/\(number)/answer",
                                        [("_csrf", page.csrf ?? ""), ("level", "1"), ("back", "/cases/\(number)"), ("text", "Долоо хоногт шийднэ")])
        #expect(answered.status == 303 && answered.location?.hasPrefix(Self.root + "/cases/\(number)?") == true, "\(answered.location ?? "")")
        let after = try officer.follow(answered)
        #expect(after.text.contains("id=\"complaint-1-answer\">Долоо хоногт шийднэ") && !after.text.contains("id=\"answer-1\""))
        #expect(try AuditLog(store: desk.hubStore).entries().contains { $0.action == "complaint answer" && $0.subject == number })
        // A form's way back never leaves the desk.
        let offsite = try officer.post(Self.root + "/cases/\(number)/answer",
                                       [("_csrf", page.csrf ?? ""), ("level", "2"), ("back", "//evil.example/x"), ("text", "x")])
        #expect(offsite.location?.hasPrefix(Self.root + "/complaints?") == true, "\(offsite.location ?? "")")
    }

    @Test func aReviewerComments_TheOfficerReadsIt_ItStaysAtTheHub_AndACareFileTakesNoReviewersComment() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let gift = try desk.submittedAtSoum(.elderlyAgeGift, name: "Цэцэг", rd: "УБ40020212")
        let care = try desk.submittedAtSoum()
        try await desk.sync()
        let reviewer = desk.browser()
        try reviewer.logIn(DeskFixture.reviewer.name, DeskFixture.reviewer.password, root: Self.root)
        let page = try reviewer.get(Self.root + "/cases/\(gift)")
        #expect(page.text.contains("id=\"add-comment\""))
        let empty = try reviewer.post(Self.root + "/cases/\(gift)/comment", [("_csrf", page.csrf ?? ""), ("text", "  ")])
        #expect(empty.status == 422 && empty.text.contains("the comment is empty"))
        let note = "Төрсөн огноог <шалгах> хэрэгтэй"
        let added = try reviewer.post(Self.root + "/cases/\(gift)/comment", [("_csrf", page.csrf ?? ""), ("text", note)])
        #expect(added.status == 303)
        let (_, officerPage) = try officerOn(desk, gift)
        #expect(officerPage.text.contains("Төрсөн огноог &lt;шалгах&gt; хэрэгтэй") && officerPage.text.contains("<strong>saraa</strong>"))
        #expect(try AuditLog(store: desk.hubStore).entries().contains { $0.actor == "desk:saraa" && $0.action == "case comment" && $0.subject == gift })
        try await desk.sync()
        let atSoum = try CaseBook(store: desk.soum).show(gift).values
        #expect(!atSoum.values.contains { $0.contains("шалгах") }, "a comment is the district's own")

        let refused = try reviewer.post(Self.root + "/cases/\(care)/comment", [("_csrf", page.csrf ?? ""), ("text", "тайлбар")])
        #expect(refused.status == 403)
        #expect(try DeskComments(store: desk.hubStore).all(care).isEmpty)
    }

    @Test func aDecisionNotAtItsSoum_IsQueuedAfterNDays_AndLeavesTheQueueOnceTheSoumAcknowledgesIt() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let number = try desk.submittedAtSoum(.elderlyAgeGift, name: "Цэцэг", rd: "УБ40020212")
        try await desk.sync()
        let (officer, page) = try officerOn(desk, number)
        try decide(officer, page, number)
        let today = try desk.hubStore.localDate(Clock.nowMillis())
        let queues = DeskQueues(store: desk.hubStore, today: today)
        #expect(try queues.undeliveredCounts().total == 1 && queues.undeliveredCounts().late == 0)
        #expect(try queues.undelivered().items.isEmpty, "not late on the day it was written")
        let weekLater = DeskQueues(store: desk.hubStore, today: today.adding(days: DeskQueues.deliveryDays))
        #expect(try weekLater.undelivered().items.map(\.view.number) == [number])
        #expect(try weekLater.undelivered(DeskQueues.Filter(office: "soum-9999")).items.isEmpty)
        #expect(try weekLater.undelivered(DeskQueues.Filter(service: "child-money")).items.isEmpty)

        let home = try officer.get(Self.root + "/")
        #expect(home.text.contains("<tr id=\"queue-undelivered\">"))
        let all = try officer.get(Self.root + "/undelivered?days=0")
        #expect(all.status == 200 && all.text.contains("data-case=\"\(number)\"") && all.text.contains("A/77"))
        #expect(!(try officer.get(Self.root + "/undelivered")).text.contains("data-case=\"\(number)\""))

        // The soum's sync brings the decree, its next push acknowledges it: gone from the queue.
        try await desk.sync()
        try await desk.sync()
        #expect(try weekLater.undelivered().items.isEmpty && queues.undeliveredCounts().total == 0)
        #expect(!(try officer.get(Self.root + "/undelivered?days=0")).text.contains("data-case=\"\(number)\""))
    }

    /// The action and its audit entry are one transaction: when the entry cannot be written,
    /// the case is unchanged.
    @Test func anActionWhoseAuditEntryFails_ChangesNothing() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let number = try desk.submittedAtSoum(.elderlyAgeGift, name: "Цэцэг", rd: "УБ40020212")
        try await desk.sync()
        let (officer, page) = try officerOn(desk, number)
        try desk.hubStore.transaction { tx in
            try tx.database.execute("CREATE TRIGGER no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log unwritable'); END")
        }
        let decided = try officer.post(Self.root + "/cases/\(number)/decide",
                                       [("_csrf", page.csrf ?? ""), ("decision", "approve"), ("decree", "A/78"), ("amount", "")])
        #expect(decided.status == 500)
        #expect(try desk.statusAtHub(number) == "submitted")
        #expect(try CaseBook(store: desk.hubStore).show(number).values[WorkflowFields.decreeNumber] == nil)
    }
    @Test func aCaseTheNationalHubMovedToAnotherDistrict_IsReadOnlyAtTheDesk_AndLeavesItsQueues() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let number = try desk.submittedAtSoum(.elderlyAgeGift, name: "Цэцэг", rd: "УБ40020212")
        try await desk.sync()
        // hub-43 syncs with a national hub now, which moved the case to another aimag's soum.
        try desk.hubStore.setUpstream(Upstream(url: URL(string: "http://127.0.0.1:9")!, token: "hub-43." + String(repeating: "0", count: 64)))
        try desk.hubStore.transaction { tx in
            var record = try #require(try tx.load(RecordKey(collection: CaseFields.collection, id: number))).record
            let national = ReplicaID("hub-mn")!
            record.write(try #require(Holding.transfer(record, to: "soum-9901")), dot: Dot(replica: national, counter: 1),
                         hlc: HLCTimestamp(wallMillis: Clock.nowMillis(), logical: 0, replica: national))
            _ = try tx.merge(record, from: .upstream, now: Clock.nowMillis())
        }
        let (officer, page) = try officerOn(desk, number)
        #expect(page.text.contains("id=\"transferred\"") && page.text.contains("soum-9901"))
        let decided = try officer.post(Self.root + "/cases/\(number)/decide",
                                       [("_csrf", page.csrf ?? ""), ("decision", "approve"), ("decree", "A/78"), ("amount", "")])
        #expect(decided.status == 409 && decided.text.contains("read-only here"))
        #expect(try desk.statusAtHub(number) == "submitted")
        #expect(!(try officer.get(Self.root + "/applications").text.contains(number)), "no longer in hub-43's queue")
    }
}

/// The district's report at the desk: the page, its CSV (the CLI's columns), the printable
/// sheet and the chart of applications per month, with the overdue decisions counted.
@Suite(.serialized) struct DeskReportTests {
    static let root = DeskApp.root

    @Test func theMonthsReport_CountsApplicationsDecisionsAndOverdue_AsAPageCSVSheetAndChart() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let today = try desk.hubStore.localDate(Clock.nowMillis())
        // One application handed in 40 days ago and still waiting (overdue), one today.
        _ = try desk.submittedAtSoum(.elderlyAgeGift, name: "Цэцэг", rd: "УБ40020212",
                                     fields: [WorkflowFields.applicationDate: today.adding(days: -40).iso])
        _ = try desk.submittedAtSoum(.elderlyAgeGift, name: "Бат", rd: "УБ38051512")
        try await desk.sync()
        let reviewer = desk.browser()
        try reviewer.logIn(DeskFixture.reviewer.name, DeskFixture.reviewer.password, root: Self.root)
        let from = today.adding(days: -45), to = today
        let query = "?from=\(from.iso)&to=\(to.iso)"
        let page = try reviewer.get(Self.root + "/reports" + query)
        #expect(page.status == 200)
        let report = try CaseBook(store: desk.hubStore).districtReport(from: from, to: to, today: today)
        let row = try #require(report.rows.first { $0.service == Service.elderlyAgeGift.rawValue })
        #expect(row.submitted == 2 && row.overdue == 1 && report.total.overdue == 1, "\(report)")
        #expect(page.text.contains("data-office=\"soum-4305\" data-service=\"elderly-age-gift\""))
        #expect(page.text.contains("<span class=\"overdue\">1</span>"), "the overdue decision in red")
        #expect(!page.text.contains("Цэцэг") && !page.text.contains("УБ40020212"), "a report names nobody")
        // The chart: this month's bar counts both applications (or the 40-day-old one sits a month back).
        let thisMonth = PaymentPeriod.containing(today, frequency: .monthly).text
        let lateMonth = PaymentPeriod.containing(today.adding(days: -40), frequency: .monthly).text
        #expect(page.text.contains("<figure id=\"chart\">") && page.text.contains("<title>\(thisMonth): \(report.months.last!.applications)</title>"))
        #expect(report.months.count == 12 && report.months.last?.month == thisMonth)
        #expect(report.months.reduce(0) { $0 + $1.applications } == 2 && report.months.contains { $0.month == lateMonth && $0.applications >= 1 })

        let csv = try reviewer.get(Self.root + "/reports.csv" + query)
        #expect(csv.status == 200 && csv.headers["content-type"] == "text/csv; charset=utf-8")
        #expect(csv.headers["content-disposition"]?.contains("attachment") == true)
        let lines = csv.text.split(separator: "\n").map(String.init)
        #expect(lines.first == "office,service,service_name,cases,people,submitted,approved,rejected,overdue,payments,one_off_paid_mnt,recurring_paid_mnt,in_care")
        #expect(lines.contains("soum-4305,elderly-age-gift,\(Service.elderlyAgeGift.mongolianName),2,2,2,0,0,1,0,0,0,0"), "\(lines)")

        let sheet = try reviewer.get(Self.root + "/reports/print" + query)
        #expect(sheet.status == 200 && sheet.text.contains("<main class=\"sheet\">") && sheet.text.contains("Гарын үсэг (signature)"))
        #expect(!sheet.text.contains("<nav>"), "a sheet to print has no menu")
        #expect(try reviewer.get(Self.root + "/reports?from=\(to.iso)&to=\(from.iso)").status == 422)
    }
}
