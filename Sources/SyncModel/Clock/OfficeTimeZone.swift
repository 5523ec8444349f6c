/// The time zone an office counts its days in: the date a case was handed in, its
/// deadlines, "today" for what is overdue. Mongolia is UTC+8, its three western aimags
/// (Bayan-Ölgii, Khovd, Uvs) UTC+7; a day taken in UTC would give anything recorded
/// before 08:00 yesterday's date.
///
/// DECISION: a fixed offset per zone, not the system's tz database. Mongolia has kept
/// no daylight saving time since 2017, the offices' machines may lack `tzdata`, and
/// only "now" is ever converted (dates already recorded stay as written), so a table
/// of Mongolia's zones is exact for every date this software computes.
public struct OfficeTimeZone: Sendable, Hashable, CustomStringConvertible {
    /// An IANA name for Mongolia's zones, or `UTC±HH:MM` for any other fixed offset.
    public let id: String
    /// Seconds east of UTC.
    public let secondsEast: Int

    public static let ulaanbaatar = OfficeTimeZone(id: "Asia/Ulaanbaatar", secondsEast: 8 * 3600)
    /// Bayan-Ölgii, Khovd and Uvs.
    public static let hovd = OfficeTimeZone(id: "Asia/Hovd", secondsEast: 7 * 3600)
    public static let choibalsan = OfficeTimeZone(id: "Asia/Choibalsan", secondsEast: 8 * 3600)
    public static let utc = OfficeTimeZone(id: "UTC", secondsEast: 0)

    /// The zone of a new office when none is given.
    public static let `default` = ulaanbaatar
    public static let named: [OfficeTimeZone] = [ulaanbaatar, hovd, choibalsan, utc]

    init(id: String, secondsEast: Int) {
        self.id = id
        self.secondsEast = secondsEast
    }

    /// `Asia/Ulaanbaatar`, `Asia/Hovd` (also `Khovd`, `Hovd`, `Ulaanbaatar`, any case),
    /// `Asia/Choibalsan`, `UTC`, or a fixed offset `UTC+8`, `UTC+07:00`, `+08:00`
    /// (−12:00 to +14:00). nil for anything else.
    public init?(_ text: String) {
        let lower = text.lowercased()
        let aliases = ["ulaanbaatar": OfficeTimeZone.ulaanbaatar, "ulan_bator": .ulaanbaatar, "hovd": .hovd, "khovd": .hovd, "choibalsan": .choibalsan]
        if let zone = OfficeTimeZone.named.first(where: { $0.id.lowercased() == lower }) ?? aliases[lower]
            ?? aliases[lower.hasPrefix("asia/") ? String(lower.dropFirst(5)) : ""] {
            self = zone
            return
        }
        var rest = Substring(lower)
        if rest.hasPrefix("utc") { rest = rest.dropFirst(3) }
        guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
        let parts = rest.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCII) }),
              let hours = Int(parts[0]), let minutes = parts.count == 2 ? Int(parts[1]) : 0,
              minutes < 60, minutes >= 0, hours >= 0
        else { return nil }
        let seconds = (hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1)
        guard (-12 * 3600)...(14 * 3600) ~= seconds else { return nil }
        if seconds == 0 { self = .utc; return }
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        self.init(id: "UTC\(sign)\(pad(hours)):\(pad(minutes))", secondsEast: seconds)
    }

    public var description: String { id }

    /// The office's calendar day at a Unix time in milliseconds.
    public func date(ofMillis millis: Int64) -> CivilDate {
        CivilDate.fromMillis(millis + Int64(secondsEast) * 1000)
    }

    /// 00:00 of `date` in this zone, in Unix milliseconds.
    public func startMillis(of date: CivilDate) -> Int64 {
        date.startMillis - Int64(secondsEast) * 1000
    }
}
