/// Times as people read them in the tools' output: Mongolian first, English in parentheses.
public enum HumanTime {
    /// How long ago something happened, in its largest whole unit:
    /// under a minute `дөнгөж сая (just now)`, then minutes, hours, and days from 24 h on.
    /// A negative age (another machine's clock running ahead) also reads as just now.
    public static func ago(seconds: Int) -> String {
        switch seconds {
        case ..<60:
            return "дөнгөж сая (just now)"
        case ..<3_600:
            let minutes = seconds / 60
            return "\(minutes) минутын өмнө (\(minutes) min ago)"
        case ..<86_400:
            let hours = seconds / 3_600
            return "\(hours) цагийн өмнө (\(hours) h ago)"
        default:
            let days = seconds / 86_400
            return "\(days) өдрийн өмнө (\(days) \(days == 1 ? "day" : "days") ago)"
        }
    }

    /// A length of time in its largest whole unit: `3 цаг (3 h)`.
    public static func duration(seconds: Int) -> String {
        switch max(0, seconds) {
        case ..<60: return "\(max(0, seconds)) сек (s)"
        case ..<3_600: return "\(seconds / 60) мин (min)"
        case ..<86_400: return "\(seconds / 3_600) цаг (h)"
        default: return "\(seconds / 86_400) өдөр (days)"
        }
    }

    /// Milliseconds since 1970 in UTC, to the second: `2026-11-25 12:31:00Z`.
    ///
    /// Plain calendar arithmetic (proleptic Gregorian), so it needs no formatter, locale
    /// or time zone, and is safe from any thread.
    public static func iso(millis: Int64) -> String {
        let (seconds, _) = floorDivision(millis, 1_000)
        let (days, secondOfDay) = floorDivision(seconds, 86_400)
        let (year, month, day) = civilDate(daysSince1970: days)
        let hour = secondOfDay / 3_600
        let minute = secondOfDay % 3_600 / 60
        let second = secondOfDay % 60
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2)) "
            + "\(padded(hour, 2)):\(padded(minute, 2)):\(padded(second, 2))Z"
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        var (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }

    // Howard Hinnant's days-to-civil algorithm: counts in 400-year eras starting
    // on 1 March, so the leap day falls at the end of each year.
    private static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = floorDivision(shifted, 146_097).quotient
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
