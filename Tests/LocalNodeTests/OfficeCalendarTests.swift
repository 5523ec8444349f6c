import Foundation
import Testing
import HalamjTestSupport
@testable import ReplicaStorage
@testable import CaseBooks
import SyncModel

/// Dates are the office's own: Mongolia is UTC+8 (the west UTC+7), so a day taken in
/// UTC gives everything recorded before 08:00 yesterday's date.
@Suite struct OfficeCalendarTests {
    let dir = TemporaryDirectory()
    let rd = try! RegisterNumber.parse("УБ99031212")

    func makeBook(_ name: String = "node.db", zone: OfficeTimeZone? = nil) throws -> CaseBook {
        let store = try ReplicaStore.create(
            path: dir.path(name), replica: ReplicaID("soum-4305")!, role: .node, office: "soum-4305")
        if let zone { try store.setTimeZone(zone) }
        return CaseBook(store: store)
    }

    /// `hour:minute` UTC on `iso`, in Unix milliseconds.
    func utc(_ iso: String, _ hour: Int, _ minute: Int) -> Int64 {
        CivilDate(iso: iso)!.startMillis + Int64(hour * 3600 + minute * 60) * 1000
    }

    @Test func aCaseEnteredAt0730InUlaanbaatar_CarriesThatDaysDate() throws {
        let book = try makeBook()
        #expect(try book.store.timeZone() == .ulaanbaatar, "the default zone")
        // 07:30 on 5 December in Ulaanbaatar is 23:30 on 4 December in UTC.
        let opened = try book.open(service: .elderlyAgeGift, registerNumber: rd, name: "Бат", now: utc("2026-12-04", 23, 30))
        #expect(opened.values[WorkflowFields.applicationDate] == "2026-12-05")
        for document in Checklists.documents(for: .elderlyAgeGift) {
            _ = try book.markDocument(opened.number, document.id, received: true, now: utc("2026-12-04", 23, 31))
        }
        let submitted = try book.submit(opened.number, now: utc("2026-12-04", 23, 40))
        #expect(submitted.values[WorkflowFields.submittedOn] == "2026-12-05")
    }

    @Test func onNewYearsMorning_TheCaseNumberCarriesTheNewYear_InUlaanbaatarAndKhovd() throws {
        // 31 December 23:30 UTC: 07:30 on 1 January in Ulaanbaatar, 06:30 in Khovd.
        let moment = utc("2026-12-31", 23, 30)
        for (name, zone) in [("ub.db", OfficeTimeZone.ulaanbaatar), ("hovd.db", .hovd)] {
            let opened = try makeBook(name, zone: zone).open(service: .elderlyAgeGift, registerNumber: rd, name: "Бат", now: moment)
            #expect(opened.number == "4305-2027-000001")
            #expect(opened.values[WorkflowFields.applicationDate] == "2027-01-01")
        }
        let inUTC = try makeBook("utc.db", zone: .utc).open(service: .elderlyAgeGift, registerNumber: rd, name: "Бат", now: moment)
        #expect(inUTC.number == "4305-2026-000001", "an office configured for UTC keeps UTC's day")
    }

    @Test func theZone_IsKeptInTheFile() throws {
        let book = try makeBook(zone: .hovd)
        let reopened = try ReplicaStore.open(path: dir.path("node.db"))
        #expect(try reopened.timeZone() == .hovd)
        // 07:30 in Khovd is 00:30 UTC; 23:59 UTC is 06:59 the next day there.
        #expect(try reopened.localDate(utc("2026-12-04", 23, 59)).iso == "2026-12-05")
        #expect(try book.store.localDate(utc("2026-12-04", 16, 59)).iso == "2026-12-04")
    }

    @Test func theApplicationDate_CanBeAnEarlierDay_ButNeverAfterToday_OrNotADate() throws {
        let book = try makeBook()
        let now = utc("2026-12-04", 2, 0)  // 10:00 in Ulaanbaatar
        let earlier = try book.open(service: .elderlyAgeGift, registerNumber: rd, name: "Бат",
                                    fields: [WorkflowFields.applicationDate: "2026-11-28"], now: now)
        #expect(earlier.values[WorkflowFields.applicationDate] == "2026-11-28")
        for bad in ["2026-12-05", "28.11.2026", "2026-02-30"] {
            #expect(throws: CaseError.self) {
                try book.set(earlier.number, [WorkflowFields.applicationDate: bad], now: now)
            }
        }
        #expect(try book.show(earlier.number).values[WorkflowFields.applicationDate] == "2026-11-28", "nothing changed")
        // Once submitted, the soum cannot move the day the clock started.
        for document in Checklists.documents(for: .elderlyAgeGift) {
            _ = try book.markDocument(earlier.number, document.id, received: true, now: now)
        }
        _ = try book.submit(earlier.number, now: now)
        #expect(throws: CaseError.self) {
            try book.set(earlier.number, [WorkflowFields.applicationDate: "2026-12-03"], now: now)
        }
        #expect(try book.show(earlier.number).values[WorkflowFields.applicationDate] == "2026-11-28")
    }
}
