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
    /// Calendar arithmetic only (`CivilDate`), so it needs no formatter, locale or
    /// time zone, and is safe from any thread.
    public static func iso(millis: Int64) -> String {
        let day = CivilDate.fromMillis(millis)
        let secondOfDay = (millis - day.startMillis) / 1_000
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(day.iso) \(two(secondOfDay / 3_600)):\(two(secondOfDay % 3_600 / 60)):\(two(secondOfDay % 60))Z"
    }
}
