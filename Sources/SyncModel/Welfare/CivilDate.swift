/// A calendar day (proleptic Gregorian), with no time and no time zone: a birth
/// date, a decree date, a deadline. Written and decoded as `"2026-11-25"`.
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid date of the years 1 to 9999, or nil (`2025-02-29`, month 13, day 0).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= CivilDate.daysIn(month: month, year: year)
        else { return nil }
        self.init(unchecked: year, month, day)
    }

    /// `YYYY-MM-DD` only: exactly ten characters, ASCII digits, a real date.
    public init?(iso: String) {
        let u = Array(iso.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(u[i]) else { return nil }
                n = n * 10 + Int(u[i] - UInt8(ascii: "0"))
            }
            return n
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// For dates already known to be valid (computed from a day number, or from a
    /// register number that was validated).
    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public var iso: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public var description: String { iso }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    // MARK: Leap years and month lengths

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // MARK: Day numbers (days since 1970-01-01)

    static let millisPerDay: Int64 = 86_400_000

    /// Days since 1970-01-01 (negative before it). H. Hinnant's `days_from_civil`.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day number (days since 1970-01-01). H. Hinnant's `civil_from_days`.
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.init(unchecked: y, m, d)
    }

    /// The UTC calendar day of a Unix time in milliseconds (before 1970 too).
    public static func fromMillis(_ millis: Int64) -> CivilDate {
        var days = millis / millisPerDay
        if millis % millisPerDay < 0 { days -= 1 }  // floor, not truncation
        return CivilDate(dayNumber: Int(days))
    }

    /// 00:00 UTC of this day, in Unix milliseconds.
    public var startMillis: Int64 { Int64(dayNumber) * CivilDate.millisPerDay }

    public func adding(days: Int) -> CivilDate {
        CivilDate(dayNumber: dayNumber + days)
    }

    /// Whole days from this date to `other` (negative when `other` is earlier).
    public func days(until other: CivilDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// Age in whole years on `date`, for someone born on this date. One is a year
    /// older ON the birthday. Someone born on 29 February turns a year older on
    /// 1 March in non-leap years (as most civil registries count it), and on
    /// 29 February in leap years. Before the birth date the result is negative.
    public func age(on date: CivilDate) -> Int {
        var years = date.year - year
        var birthday = (month: month, day: day)
        if month == 2 && day == 29 && !CivilDate.isLeap(date.year) {
            birthday = (3, 1)
        }
        if (date.month, date.day) < birthday { years -= 1 }
        return years
    }

    /// The date one turns `years` old (29 February birthdays fall on 1 March in
    /// non-leap years, as in `age(on:)`).
    public func anniversary(_ years: Int) -> CivilDate {
        let y = year + years
        if month == 2 && day == 29 && !CivilDate.isLeap(y) {
            return CivilDate(unchecked: y, 3, 1)
        }
        return CivilDate(unchecked: y, month, day)
    }

    // MARK: Codable, as the ISO string

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a date of the form YYYY-MM-DD")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}
