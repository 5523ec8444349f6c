import CaseBooks
import Foundation
import HalamjTestSupport
@testable import HubDesk
import HubClient
import HubServer
import ReplicaStorage
import SyncModel
import Testing
import WebAccess

/// The district's desk at `/desk` of a real hub: login everywhere, the applications queue
/// with its deadlines, an officer receiving a soum's application (and the soum seeing it),
/// a reviewer who sees no button and whose crafted form is refused, CSRF and Origin.
@Suite(.serialized) struct DeskTests {
    static let root = DeskApp.root

    @Test func everyDeskPage_AsksForALogin_AndAFormWithoutOneChangesNothing() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let number = try desk.submittedAtSoum()
        try await desk.sync()
        let browser = desk.browser()
        for path in ["/", "/applications", "/applications?office=soum-4305"] {
            let page = try browser.get(Self.root + path)
            #expect(page.status == 303, "\(path)")
            #expect(page.location?.hasPrefix(Self.root + "/login?next=") == true, "\(path): \(page.location ?? "")")
            #expect(!page.text.contains(number))
        }
        let crafted = try browser.post(Self.root + "/cases/\(number)/receive", [("_csrf", "0000")])
        #expect(crafted.status == 403)
        #expect(try desk.statusAtHub(number) == "submitted")
        // The machines' routes keep their tokens: the desk's login opens none of them.
        try browser.logIn(DeskFixture.officer.name, DeskFixture.officer.password, root: Self.root)
        #expect(try browser.get("/").status == 401)
        #expect(try browser.get("/metrics").status == 401)
    }

    @Test func anOfficer_SeesTheSoumsApplicationWithItsDeadline_ReceivesIt_AndTheSoumSeesIt() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let care = try desk.submittedAtSoum()
        let gift = try desk.submittedAtSoum(.elderlyAgeGift, name: "<b>Бат</b>", rd: "УБ40020212")
        try await desk.sync()
        let browser = desk.browser()
        let home = try browser.logIn(DeskFixture.officer.name, DeskFixture.officer.password, root: Self.root)
        #expect(home.status == 200)
        #expect(home.text.contains("id=\"role\">мэргэжилтэн (officer)"))
        #expect(home.text.contains("<tr id=\"queue-applications\">") && home.text.contains("<td class=\"num\">2</td>"), "\(home.text)")

        let queue = try browser.get(Self.root + "/applications")
        #expect(queue.status == 200)
        let today = try desk.hubStore.localDate(Clock.nowMillis())
        let due = CivilDate(dayNumber: today.dayNumber + 30)
        for number in [care, gift] {
            #expect(queue.text.contains("data-case=\"\(number)\""), "\(number)")
        }
        #expect(queue.text.contains(due.iso) && queue.text.contains("<td class=\"num\">30</td>"), "the 30 days from today, and their end")
        // A care applicant stays out of lists; another's name is there, escaped.
        #expect(!queue.text.contains("Дорж") && queue.text.contains("нууц (confidential)"))
        #expect(queue.text.contains("&lt;b&gt;Бат&lt;/b&gt;") && !queue.text.contains("<b>Бат</b>"))
        #expect(queue.text.components(separatedBy: "class=\"receive\"").count - 1 == 2)
        // Filtered by service: only the gift.
        let gifts = try browser.get(Self.root + "/applications?service=elderly-age-gift")
        #expect(gifts.text.contains("data-case=\"\(gift)\"") && !gifts.text.contains("data-case=\"\(care)\""))

        let received = try browser.post(Self.root + "/cases/\(care)/receive", [("_csrf", queue.csrf ?? "")])
        #expect(received.status == 303)
        let after = try browser.follow(received)
        #expect(after.text.contains("id=\"notice\">\(care)"))
        #expect(try desk.statusAtHub(care) == "received")
        let audit = try AuditLog(store: desk.hubStore).entries()
        #expect(audit.contains { $0.actor == "desk:dulam" && $0.action == "case status" && $0.subject == care && $0.detail == "received" })
        // Received is still waiting for the decree: in the queue, without the button.
        #expect(after.text.contains("data-case=\"\(care)\""))
        #expect(after.text.components(separatedBy: "class=\"receive\"").count - 1 == 1)
        // The soum's next sync brings it.
        try await desk.sync()
        #expect(try CaseBook(store: desk.soum).show(care).status == "received")
    }

    /// A hub file written before the queues' index columns: opening it fills them, and the
    /// queue and the home page count its waiting application.
    @Test func aHubFromBeforeTheDeskIndex_IsIndexedWhenOpened() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let number = try desk.submittedAtSoum(.elderlyAgeGift, name: "Цэцэг", rd: "УБ40020212")
        try await desk.sync()
        try desk.hubStore.transaction { tx in
            try tx.database.execute("UPDATE records SET decision_day = NULL, complaint_day = NULL, delivery_day = NULL, service = NULL")
            try tx.setMeta("case_index_version", "5")
        }
        let stale = try DeskQueues(store: desk.hubStore, today: desk.hubStore.localDate(Clock.nowMillis())).applications()
        #expect(stale.total == 0)
        let reopened = try Hub.open(path: desk.directory.path("hub.db"))
        let queue = try DeskQueues(store: reopened, today: reopened.localDate(Clock.nowMillis())).applications()
        #expect(queue.total == 1 && queue.items.map(\.view.number) == [number])
        let gifts = try DeskQueues(store: reopened, today: reopened.localDate(Clock.nowMillis())).applications(DeskQueues.Filter(service: "elderly-age-gift"))
        #expect(gifts.total == 1, "the service column filled too")
    }

    @Test func aReviewer_SeesNoButton_AndACraftedPostIsRefused_ChangingNothing() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let number = try desk.submittedAtSoum()
        try await desk.sync()
        let browser = desk.browser()
        try browser.logIn(DeskFixture.reviewer.name, DeskFixture.reviewer.password, root: Self.root)
        let queue = try browser.get(Self.root + "/applications")
        #expect(queue.status == 200 && queue.text.contains("data-case=\"\(number)\""))
        #expect(!queue.text.contains("class=\"receive\"") && !queue.text.contains("/receive"))
        let crafted = try browser.post(Self.root + "/cases/\(number)/receive", [("_csrf", queue.csrf ?? "")])
        #expect(crafted.status == 403)
        #expect(crafted.text.contains("reviewer"))
        #expect(try desk.statusAtHub(number) == "submitted")
        #expect(try AuditLog(store: desk.hubStore).entries().allSatisfy { $0.subject != number })
    }

    @Test func aCareFile_IsOpenedByAnOfficer_InTheAccessLog_AndNotByAReviewer() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let number = try desk.submittedAtSoum()
        try await desk.sync()
        let reviewer = desk.browser()
        try reviewer.logIn(DeskFixture.reviewer.name, DeskFixture.reviewer.password, root: Self.root)
        let refused = try reviewer.get(Self.root + "/cases/\(number)")
        #expect(refused.status == 403 && !refused.text.contains("Дорж"))
        let officer = desk.browser()
        try officer.logIn(DeskFixture.officer.name, DeskFixture.officer.password, root: Self.root)
        let page = try officer.get(Self.root + "/cases/\(number)")
        #expect(page.status == 200)
        #expect(page.text.contains("Дорж") && page.text.contains("УБ45010112"))
        #expect(page.text.contains("id=\"checklist\"") && page.text.contains("id=\"history\""))
        #expect(page.text.contains(">soum-4305<"), "the history names the soum as the writer")
        let views = try AccessLog(store: desk.hubStore).entries(subject: number)
        #expect(views.map(\.user) == [DeskFixture.officer.name] && views.first?.action == AccessLog.Action.viewCareCase)
    }

    @Test func anOfficer_DecidesOnTheCasePage_AmountPreFilled_AndTheSoumGetsTheDecree() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let number = try desk.submittedAtSoum(.elderlyAgeGift, name: "Цэцэг", rd: "УБ40020212")
        try await desk.sync()
        let officer = desk.browser()
        try officer.logIn(DeskFixture.officer.name, DeskFixture.officer.password, root: Self.root)
        let page = try officer.get(Self.root + "/cases/\(number)")
        #expect(page.status == 200)
        // Born 1940: 80 to 89 on the day, the table's 150,000 a half-year.
        #expect(page.text.contains("name=\"amount\" min=\"0\" value=\"150000\""), "\(page.text)")
        let today = try desk.hubStore.localDate(Clock.nowMillis()).iso
        #expect(page.text.contains("name=\"date\" value=\"\(today)\""))

        // A form without a decree number changes nothing and says why.
        let incomplete = try officer.post(Self.root + "/cases/\(number)/decide",
                                          [("_csrf", page.csrf ?? ""), ("decision", "approve"), ("decree", " "), ("date", today), ("amount", "150000")])
        #expect(incomplete.status == 422 && incomplete.text.contains("Захирамжийн дугаар оруулна уу (the decree number is required)"))
        #expect(try desk.statusAtHub(number) == "submitted")

        let decided = try officer.post(Self.root + "/cases/\(number)/decide",
                                       [("_csrf", page.csrf ?? ""), ("decision", "approve"), ("decree", "A/55"), ("date", today), ("amount", "150000")])
        #expect(decided.status == 303)
        let shown = try officer.follow(decided)
        #expect(shown.text.contains("id=\"decree-number\">A/55") && shown.text.contains("150,000 ₮"))
        #expect(shown.text.contains("(the decision is not yet at the soum)"))
        #expect(shown.text.contains("(changes here the soum has not got yet)"))
        #expect(!shown.text.contains("id=\"decide\""), "a decided case offers no second decision")
        #expect(try desk.statusAtHub(number) == "approved")
        #expect(try AuditLog(store: desk.hubStore).entries().contains {
            $0.actor == "desk:dulam" && $0.action == "decide approve" && $0.subject == number && $0.detail.contains("A/55")
        })
        // The soum's sync brings the decree; its next one tells the hub it arrived.
        try await desk.sync()
        let atSoum = try CaseBook(store: desk.soum).show(number)
        #expect(atSoum.status == "approved" && atSoum.values[WorkflowFields.decreeNumber] == "A/55")
        try await desk.sync()
        let delivered = try officer.get(Self.root + "/cases/\(number)").text
        #expect(delivered.contains("(the decision reached the soum)") && delivered.contains("(the soum has the case as it is here)"))

        // A reviewer's crafted decision is refused.
        let other = try desk.submittedAtSoum(.elderlyAgeGift, name: "Бат", rd: "УБ38051512")
        try await desk.sync()
        let reviewer = desk.browser()
        let home = try reviewer.logIn(DeskFixture.reviewer.name, DeskFixture.reviewer.password, root: Self.root)
        let casePage = try reviewer.get(Self.root + "/cases/\(other)")
        #expect(casePage.status == 200 && !casePage.text.contains("id=\"decide\"") && !casePage.text.contains("class=\"receive\""))
        let crafted = try reviewer.post(Self.root + "/cases/\(other)/decide",
                                        [("_csrf", home.csrf ?? ""), ("decision", "approve"), ("decree", "A/56"), ("date", today)])
        #expect(crafted.status == 403)
        #expect(try desk.statusAtHub(other) == "submitted")
    }

    @Test func aComplaintFiledAtTheSoum_WaitsInTheQueue_IsAnsweredThere_AndTheSoumGetsTheAnswer() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let submitted = try desk.submittedAtSoum(.elderlyAgeGift, name: "Цэцэг", rd: "УБ40020212")
        let soumBook = CaseBook(store: desk.soum)
        _ = try soumBook.fileComplaint(submitted, text: "Хугацаа хэтэрлээ", level: .first)
        // A draft's level-1 complaint is the soum's own to answer: not in the district's queue.
        let draft = try soumBook.open(service: .elderlyAgeGift, registerNumber: try RegisterNumber.parse("УБ38051512"), name: "Бат")
        _ = try soumBook.fileComplaint(draft.number, text: "Сумын гомдол", level: .first)
        try await desk.sync()

        let reviewer = desk.browser()
        let reviewerHome = try reviewer.logIn(DeskFixture.reviewer.name, DeskFixture.reviewer.password, root: Self.root)
        #expect(reviewerHome.text.contains("<tr id=\"queue-complaints\">"))
        let readOnly = try reviewer.get(Self.root + "/complaints")
        #expect(readOnly.text.contains("data-case=\"\(submitted)\"") && !readOnly.text.contains("data-case=\"\(draft.number)\""))
        #expect(readOnly.text.contains("Хугацаа хэтэрлээ") && readOnly.text.contains("<td class=\"num\">30</td>"))
        #expect(!readOnly.text.contains("class=\"answer\""))
        let crafted = try reviewer.post(Self.root + "/cases/\(submitted)/answer", [("_csrf", readOnly.csrf ?? ""), ("level", "1"), ("text", "Үгүй")])
        #expect(crafted.status == 403)

        let officer = desk.browser()
        try officer.logIn(DeskFixture.officer.name, DeskFixture.officer.password, root: Self.root)
        let queue = try officer.get(Self.root + "/complaints")
        #expect(queue.text.components(separatedBy: "class=\"answer\"").count - 1 == 1)
        let empty = try officer.post(Self.root + "/cases/\(submitted)/answer", [("_csrf", queue.csrf ?? ""), ("level", "1"), ("text", "  ")])
        #expect(try officer.follow(empty).text.contains("id=\"complaint-error\""))
        let answered = try officer.post(Self.root + "/cases/\(submitted)/answer",
                                        [("_csrf", queue.csrf ?? ""), ("level", "1"), ("text", "Шийдвэр 7 хоногт гарна")])
        let after = try officer.follow(answered)
        #expect(after.text.contains("id=\"notice\">\(submitted)") && !after.text.contains("data-case=\"\(submitted)\""))
        #expect(try AuditLog(store: desk.hubStore).entries().contains { $0.actor == "desk:dulam" && $0.action == "complaint answer" && $0.subject == submitted })
        try await desk.sync()
        #expect(try soumBook.complaints(submitted).first?.answer == "Шийдвэр 7 хоногт гарна")
    }

    @Test func aConflict_IsResolvedFromThePage_AndIsGoneEverywhereAfterSync() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let number = try desk.submittedAtSoum(.elderlyAgeGift, name: "Цэцэг", rd: "УБ40020212")
        let care = try desk.submittedAtSoum()
        try await desk.sync()
        for (case_, hubPhone, soumPhone) in [(number, "88001122", "99887766"), (care, "88000000", "99000000")] {
            _ = try CaseBook(store: desk.hubStore).set(case_, ["phone": hubPhone])
            _ = try CaseBook(store: desk.soum).set(case_, ["phone": soumPhone])
        }
        try await desk.sync()
        let open = try ConflictReview(store: desk.hubStore).open()
        #expect(open.count == 2)
        let conflict = try #require(open.first { $0.record == number })

        let reviewer = desk.browser()
        try reviewer.logIn(DeskFixture.reviewer.name, DeskFixture.reviewer.password, root: Self.root)
        let list = try reviewer.get(Self.root + "/conflicts")
        let gifts = try reviewer.get(Self.root + "/conflicts?service=elderly-age-gift")
        #expect(gifts.text.contains("data-conflict=\"\(conflict.id)\"") && gifts.text.components(separatedBy: "data-conflict=").count - 1 == 1,
                "the gift's conflict only, not the care case's")
        #expect(!(try reviewer.get(Self.root + "/conflicts?office=soum-4399")).text.contains("data-conflict="))
        #expect(list.text.contains("«88001122» — hub-43") && list.text.contains("«99887766» — soum-4305"))
        #expect(!list.text.contains("88000000") && !list.text.contains("99000000"), "a care case's values in a list")
        #expect(!list.text.contains("class=\"no-print resolve\""))
        let crafted = try reviewer.post(Self.root + "/conflicts/\(conflict.id)/resolve", [("_csrf", list.csrf ?? ""), ("keep", "hub-43")])
        #expect(crafted.status == 403)
        #expect(try ConflictReview(store: desk.hubStore).open().count == 2)

        let officer = desk.browser()
        try officer.logIn(DeskFixture.officer.name, DeskFixture.officer.password, root: Self.root)
        let page = try officer.get(Self.root + "/conflicts")
        let resolved = try officer.post(Self.root + "/conflicts/\(conflict.id)/resolve",
                                        [("_csrf", page.csrf ?? ""), ("back", "/conflicts"), ("keep", "soum-4305")])
        let after = try officer.follow(resolved)
        #expect(after.text.contains("id=\"notice\">\(conflict.id)") && !after.text.contains("data-conflict=\"\(conflict.id)\""))
        // Twice is refused in words, nothing changes.
        let again = try officer.follow(try officer.post(Self.root + "/conflicts/\(conflict.id)/resolve",
                                                        [("_csrf", page.csrf ?? ""), ("keep", "hub-43")]))
        #expect(again.text.contains("already resolved"))
        #expect(try AuditLog(store: desk.hubStore).entries().contains { $0.actor == "desk:dulam" && $0.action == "conflict resolve" && $0.subject == conflict.id })

        // The care case's conflict is resolved on its page with a typed value.
        let casePage = try officer.get(Self.root + "/cases/\(care)")
        let careConflict = try #require(open.first { $0.record == care })
        #expect(casePage.text.contains("«88000000»") && casePage.text.contains("data-conflict=\"\(careConflict.id)\""))
        let typed = try officer.post(Self.root + "/conflicts/\(careConflict.id)/resolve",
                                     [("_csrf", casePage.csrf ?? ""), ("back", "/cases/\(care)"), ("keep", "typed"), ("value", "95550000")])
        #expect(typed.location?.hasPrefix(Self.root + "/cases/\(care)?") == true)
        #expect(try ConflictReview(store: desk.hubStore).open().isEmpty)

        try await desk.sync()
        let atSoum = CaseBook(store: desk.soum)
        #expect(try atSoum.show(number).conflicts.isEmpty && atSoum.show(number).values["phone"] == "99887766")
        #expect(try atSoum.show(care).conflicts.isEmpty && atSoum.show(care).values["phone"] == "95550000")
    }

    @Test func aDoubleApplication_IsListedWithEachOfficesCase_AndACareApplicantsRDIsNot() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let here = try desk.submittedAtSoum(.elderlyAgeGift, name: "Цэцэг", rd: "УБ40020212")
        try await desk.sync()
        // The same person applies for the same gift at a second soum.
        let token = try OfficeRegistry(store: desk.hubStore).add("soum-4306", now: Clock.nowMillis())
        let second = try ReplicaStore.create(path: desk.directory.path("soum-4306.db"), replica: ReplicaID("soum-4306")!, role: .node, office: "soum-4306")
        try second.setUpstream(Upstream(url: URL(string: "http://127.0.0.1:\(desk.port)")!, token: token))
        let there = try CaseBook(store: second).open(service: .elderlyAgeGift, registerNumber: try RegisterNumber.parse("УБ40020212"), name: "Цэцэг")
        _ = try await SyncClient(store: second, upstream: try second.upstream()!).syncRound()

        let reviewer = desk.browser()
        let home = try reviewer.logIn(DeskFixture.reviewer.name, DeskFixture.reviewer.password, root: Self.root)
        #expect(home.text.contains("href=\"/desk/duplicates\""))
        let page = try reviewer.get(Self.root + "/duplicates")
        #expect(page.status == 200)
        #expect(page.text.contains("data-rd-service=\"УБ40020212\""), "\(page.text)")
        #expect(page.text.contains(">\(here)</a> · soum-4305") && page.text.contains(">\(there.number)</a> · soum-4306"))
        // Filtered: by either office it is there, by another service it is not.
        #expect(try reviewer.get(Self.root + "/duplicates?office=soum-4306").text.contains("data-rd-service=\"УБ40020212\""))
        #expect(!(try reviewer.get(Self.root + "/duplicates?service=child-care-allowance").text.contains("data-rd-service=\"УБ40020212\"")))
        #expect(page.text.contains("id=\"filter\""))
    }

    @Test func aFormFromAnotherSite_OrWithAnotherSessionsToken_ChangesNothing() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let number = try desk.submittedAtSoum()
        try await desk.sync()
        let officer = desk.browser(), other = desk.browser()
        let page = try officer.logIn(DeskFixture.officer.name, DeskFixture.officer.password, root: Self.root)
        let otherPage = try other.logIn(DeskFixture.reviewer.name, DeskFixture.reviewer.password, root: Self.root)
        #expect(try officer.post(Self.root + "/cases/\(number)/receive", [("_csrf", otherPage.csrf ?? "")]).status == 403)
        let fromElsewhere = try officer.post(Self.root + "/cases/\(number)/receive", [("_csrf", page.csrf ?? "")],
                                             extraHeaders: [("Origin", "https://evil.example")])
        #expect(fromElsewhere.status == 403)
        #expect(try desk.statusAtHub(number) == "submitted")
        // nginx in front: the Origin is https://<the hub's name>, the Host that name.
        officer.host = "hub43.example.mn"
        let throughNginx = try officer.post(Self.root + "/cases/\(number)/receive", [("_csrf", page.csrf ?? "")],
                                            extraHeaders: [("Origin", "https://hub43.example.mn")])
        #expect(throughNginx.status == 303)
        #expect(try desk.statusAtHub(number) == "received")
    }

    @Test func wrongPasswords_AreThrottled_AndADisabledUsersSessionEnds() throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let browser = desk.browser()
        for _ in 0..<LoginThrottle.allowedFailures {
            let page = try browser.logIn(DeskFixture.officer.name, "wrong-password", root: Self.root)
            #expect(page.status == 401)
        }
        #expect(try browser.logIn(DeskFixture.officer.name, DeskFixture.officer.password, root: Self.root).status == 429)
        let failures = try AccessLog(store: desk.hubStore).entries().filter { $0.action == AccessLog.Action.loginFailed }
        #expect(failures.count == LoginThrottle.allowedFailures)

        let reviewer = desk.browser()
        #expect(try reviewer.logIn(DeskFixture.reviewer.name, DeskFixture.reviewer.password, root: Self.root).status == 200)
        try WebAccounts(store: desk.hubStore, kind: .desk).disable(DeskFixture.reviewer.name)
        let after = try reviewer.get(Self.root + "/applications")
        #expect(after.status == 303 && after.location?.hasPrefix(Self.root + "/login") == true)
    }

    @Test func userCommand_AddsDeskUsersWithARole_RefusesOthers_AndAuditsEachChange() throws {
        let dir = TemporaryDirectory()
        #expect(try Programs.run("halamj-hub", ["init", "--id", "hub-43"], in: dir.url).status == 0)
        try "long-enough-password\n".write(toFile: dir.path("password"), atomically: true, encoding: .utf8)
        let added = try Programs.run("halamj-hub", ["user", "add", "tsetseg", "--role", "officer", "--password-file", "password"], in: dir.url)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("мэргэжилтэн (officer)"))
        let wrongRole = try Programs.run("halamj-hub", ["user", "add", "bat", "--role", "governor", "--password-file", "password"], in: dir.url)
        #expect(wrongRole.status == 64 && wrongRole.stderr.contains("--role takes reviewer, officer, admin, not 'governor'"), "\(wrongRole.stderr)")
        let noRole = try Programs.run("halamj-hub", ["user", "add", "bat", "--password-file", "password"], in: dir.url)
        #expect(noRole.status == 64, "\(noRole.stderr)")
        #expect(try Programs.run("halamj-hub", ["user", "role", "tsetseg", "--role", "reviewer"], in: dir.url).status == 0)
        let list = try Programs.run("halamj-hub", ["user", "list", "--json"], in: dir.url)
        let users = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(users.map { $0["name"] as? String } == ["tsetseg"])
        #expect(users.first?["role"] as? String == "reviewer")
        #expect(!list.stdout.contains("pbkdf2"), "a password hash in the list")
        let audit = try Programs.run("halamj-hub", ["audit", "--json"], in: dir.url).stdout
        #expect(audit.contains("\"user add\"") && audit.contains("\"user role\""), "\(audit)")
        #expect(!audit.contains("long-enough-password"))
    }
}
