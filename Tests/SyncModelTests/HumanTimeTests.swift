import Foundation
import Testing
import SyncModel

@Suite("HumanTime")
struct HumanTimeTests {
    @Test("anything under a minute, or in the future, is just now")
    func justNow() {
        for seconds in [-120, -1, 0, 1, 59] {
            #expect(HumanTime.ago(seconds: seconds) == "дөнгөж сая (just now)")
        }
    }

    @Test("a minute up to an hour counts whole minutes")
    func minutes() {
        #expect(HumanTime.ago(seconds: 60) == "1 минутын өмнө (1 min ago)")
        #expect(HumanTime.ago(seconds: 5 * 60 + 59) == "5 минутын өмнө (5 min ago)")
        #expect(HumanTime.ago(seconds: 3_599) == "59 минутын өмнө (59 min ago)")
    }

    @Test("an hour up to a day counts whole hours")
    func hours() {
        #expect(HumanTime.ago(seconds: 3_600) == "1 цагийн өмнө (1 h ago)")
        #expect(HumanTime.ago(seconds: 2 * 3_600 + 1) == "2 цагийн өмнө (2 h ago)")
        #expect(HumanTime.ago(seconds: 86_399) == "23 цагийн өмнө (23 h ago)")
    }

    @Test("from a day on it counts whole days, singular for one")
    func days() {
        #expect(HumanTime.ago(seconds: 86_400) == "1 өдрийн өмнө (1 day ago)")
        #expect(HumanTime.ago(seconds: 3 * 86_400) == "3 өдрийн өмнө (3 days ago)")
        #expect(HumanTime.ago(seconds: 400 * 86_400) == "400 өдрийн өмнө (400 days ago)")
    }

    @Test("milliseconds format as a UTC date and time to the second")
    func iso() {
        #expect(HumanTime.iso(millis: 0) == "1970-01-01 00:00:00Z")
        #expect(HumanTime.iso(millis: 1_795_609_860_000) == "2026-11-25 12:31:00Z")
        #expect(HumanTime.iso(millis: 1_795_609_860_999) == "2026-11-25 12:31:00Z")
        #expect(HumanTime.iso(millis: 1_709_251_199_000) == "2024-02-29 23:59:59Z")
        #expect(HumanTime.iso(millis: 951_868_800_000) == "2000-03-01 00:00:00Z")
    }

    @Test("times before 1970 round down to the earlier second")
    func beforeEpoch() {
        #expect(HumanTime.iso(millis: -1) == "1969-12-31 23:59:59Z")
        #expect(HumanTime.iso(millis: -2_208_988_800_000) == "1900-01-01 00:00:00Z")
    }

    @Test("the calendar arithmetic agrees with Foundation's Gregorian calendar")
    func agreesWithFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var generator = SystemRandomNumberGenerator()
        let samples = (0..<2_000).map { _ in Int64.random(in: -2_208_988_800_000...13_569_465_600_000, using: &generator) }
        for millis in samples {
            let date = Date(timeIntervalSince1970: TimeInterval(millis.quotientAndRemainder(dividingBy: 1_000).quotient)
                            - (millis % 1_000 < 0 ? 1 : 0))
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let expected = String(format: "%04d-%02d-%02d %02d:%02d:%02dZ",
                                  c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
            #expect(HumanTime.iso(millis: millis) == expected, "millis \(millis)")
        }
    }
}
