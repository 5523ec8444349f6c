import Foundation
import SyncModel
import Testing

@Suite("Civil dates")
struct CivilDateTests {
    struct Validity: Sendable, CustomTestStringConvertible {
        let year: Int, month: Int, day: Int, valid: Bool
        var testDescription: String { "\(year)-\(month)-\(day) is \(valid ? "valid" : "not a date")" }
    }

    @Test("A date is valid only if it exists in the Gregorian calendar", arguments: [
        Validity(year: 2024, month: 2, day: 29, valid: true),
        Validity(year: 2023, month: 2, day: 29, valid: false),
        Validity(year: 2000, month: 2, day: 29, valid: true),
        Validity(year: 1900, month: 2, day: 29, valid: false),
        Validity(year: 2026, month: 4, day: 30, valid: true),
        Validity(year: 2026, month: 4, day: 31, valid: false),
        Validity(year: 2026, month: 12, day: 31, valid: true),
        Validity(year: 2026, month: 13, day: 1, valid: false),
        Validity(year: 2026, month: 0, day: 1, valid: false),
        Validity(year: 2026, month: 1, day: 0, valid: false),
        Validity(year: 0, month: 1, day: 1, valid: false),
        Validity(year: 10000, month: 1, day: 1, valid: false),
    ])
    func validity(_ c: Validity) {
        #expect((CivilDate(year: c.year, month: c.month, day: c.day) != nil) == c.valid)
    }

    @Test("ISO text is read only as YYYY-MM-DD", arguments: [
        ("2026-11-25", true), ("2024-02-29", true), ("0001-01-01", true),
        ("2023-02-29", false), ("2026-1-25", false), ("2026-11-25T00:00", false),
        ("20261125", false), ("２０２６-11-25", false), ("+026-11-25", false),
        ("2026/11/25", false), (" 2026-11-25", false), ("", false),
    ])
    func isoParsing(_ text: String, _ valid: Bool) {
        let date = CivilDate(iso: text)
        #expect((date != nil) == valid)
        if let date { #expect(date.iso == text) }
    }

    @Test("A date is written as zero-padded ISO text and is its own description")
    func isoText() {
        let date = CivilDate(year: 987, month: 3, day: 5)!
        #expect(date.iso == "0987-03-05")
        #expect(date.description == "0987-03-05")
        #expect("\(d("2026-11-25"))" == "2026-11-25")
    }

    @Test("A date is encoded as its ISO string and decoded from it")
    func codable() throws {
        let date = d("2026-11-25")
        let json = try JSONEncoder().encode([date])
        #expect(String(decoding: json, as: UTF8.self) == #"["2026-11-25"]"#)
        #expect(try JSONDecoder().decode([CivilDate].self, from: json) == [date])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CivilDate].self, from: Data(#"["2026-02-30"]"#.utf8))
        }
    }

    @Test("Milliseconds map to their UTC calendar day, before 1970 too", arguments: [
        (Int64(0), "1970-01-01"), (Int64(-1), "1969-12-31"), (Int64(86_399_999), "1970-01-01"),
        (Int64(86_400_000), "1970-01-02"), (Int64(1_795_564_800_000), "2026-11-25"),
        (Int64(1_795_564_800_000 - 1), "2026-11-24"), (Int64(-14_182_980_000), "1969-07-20"),
    ])
    func fromMillis(_ millis: Int64, _ iso: String) {
        #expect(CivilDate.fromMillis(millis) == d(iso))
    }

    @Test("The start of a day is 00:00 UTC, and maps back to the same day")
    func startMillis() {
        #expect(d("1970-01-01").startMillis == 0)
        #expect(d("2026-11-25").startMillis == 1_795_564_800_000)
        #expect(d("1969-12-31").startMillis == -86_400_000)
        for iso in ["0001-01-01", "1969-07-20", "2024-02-29", "9999-12-31"] {
            #expect(CivilDate.fromMillis(d(iso).startMillis) == d(iso))
        }
    }

    @Test("Adding days crosses months, leap days and years", arguments: [
        ("2024-02-28", 1, "2024-02-29"), ("2024-02-28", 2, "2024-03-01"), ("2023-02-28", 1, "2023-03-01"),
        ("2024-12-31", 1, "2025-01-01"), ("2025-01-01", -1, "2024-12-31"), ("2024-03-01", -1, "2024-02-29"),
        ("2026-11-25", 30, "2026-12-25"), ("2026-11-25", 0, "2026-11-25"), ("2000-01-01", 366, "2001-01-01"),
        ("1900-02-28", 1, "1900-03-01"),
    ])
    func adding(_ from: String, _ days: Int, _ to: String) {
        #expect(d(from).adding(days: days) == d(to))
        #expect(d(from).days(until: d(to)) == days)
    }

    @Test("A leap year has 366 days, a common year 365, and a century only when divisible by 400")
    func yearLengths() {
        #expect(d("2024-01-01").days(until: d("2025-01-01")) == 366)
        #expect(d("2023-01-01").days(until: d("2024-01-01")) == 365)
        #expect(d("1900-01-01").days(until: d("1901-01-01")) == 365)
        #expect(d("2000-01-01").days(until: d("2001-01-01")) == 366)
        #expect(d("2026-11-25").days(until: d("2026-11-01")) == -24)
    }

    @Test("Every day from 1899 to 2101 follows the one before, one day apart")
    func dayByDay() {
        var date = d("1899-01-01")
        var number = date.dayNumber
        while date < d("2101-01-01") {
            let next = date.adding(days: 1)
            #expect(next > date)
            #expect(next.dayNumber == number + 1)
            #expect(CivilDate(year: next.year, month: next.month, day: next.day) == next)
            let wraps = next.day == 1
            #expect(wraps == (date.day == CivilDate.daysIn(month: date.month, year: date.year)))
            date = next
            number += 1
        }
    }

    @Test("Dates order by year, then month, then day")
    func ordering() {
        #expect(d("2025-12-31") < d("2026-01-01"))
        #expect(d("2026-01-31") < d("2026-02-01"))
        #expect(d("2026-02-01") < d("2026-02-02"))
        #expect(!(d("2026-02-02") < d("2026-02-02")))
    }

    struct AgeCase: Sendable, CustomTestStringConvertible {
        let born: String, on: String, age: Int
        var testDescription: String { "someone born \(born) is \(age) on \(on)" }
    }

    @Test("Age is in whole years and goes up ON the birthday", arguments: [
        AgeCase(born: "1966-03-15", on: "2026-03-14", age: 59),
        AgeCase(born: "1966-03-15", on: "2026-03-15", age: 60),
        AgeCase(born: "1966-03-15", on: "2026-12-31", age: 60),
        AgeCase(born: "2023-04-10", on: "2026-04-09", age: 2),
        AgeCase(born: "2023-04-10", on: "2026-04-10", age: 3),
        AgeCase(born: "2026-11-25", on: "2026-11-25", age: 0),
        AgeCase(born: "2026-11-25", on: "2026-11-24", age: -1),
    ])
    func age(_ c: AgeCase) {
        #expect(d(c.born).age(on: d(c.on)) == c.age)
    }

    @Test("Someone born on 29 February turns older on 1 March in common years and on 29 February in leap years", arguments: [
        AgeCase(born: "2000-02-29", on: "2001-02-28", age: 0),
        AgeCase(born: "2000-02-29", on: "2001-03-01", age: 1),
        AgeCase(born: "2000-02-29", on: "2003-02-28", age: 2),
        AgeCase(born: "2000-02-29", on: "2003-03-01", age: 3),
        AgeCase(born: "2000-02-29", on: "2004-02-28", age: 3),
        AgeCase(born: "2000-02-29", on: "2004-02-29", age: 4),
        AgeCase(born: "2000-02-29", on: "2100-02-28", age: 99),
        AgeCase(born: "2000-02-29", on: "2100-03-01", age: 100),
    ])
    func leapDayBirthdays(_ c: AgeCase) {
        #expect(d(c.born).age(on: d(c.on)) == c.age)
    }

    @Test("The anniversary of a 29 February birth is 1 March in common years")
    func anniversary() {
        #expect(d("2000-02-29").anniversary(3) == d("2003-03-01"))
        #expect(d("2000-02-29").anniversary(4) == d("2004-02-29"))
        #expect(d("2023-04-10").anniversary(3) == d("2026-04-10"))
    }
}
