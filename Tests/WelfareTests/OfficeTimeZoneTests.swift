import Testing
import SyncModel

@Suite struct OfficeTimeZoneTests {
    @Test func mongoliasZones_ByNameOrAlias_AndFixedOffsets() {
        #expect(OfficeTimeZone("Asia/Ulaanbaatar") == .ulaanbaatar)
        #expect(OfficeTimeZone("ulaanbaatar") == .ulaanbaatar)
        #expect(OfficeTimeZone("Asia/Ulan_Bator") == .ulaanbaatar)
        #expect(OfficeTimeZone("Khovd") == .hovd)
        #expect(OfficeTimeZone("asia/hovd")?.secondsEast == 7 * 3600)
        #expect(OfficeTimeZone("UTC") == .utc)
        #expect(OfficeTimeZone("UTC+8")?.secondsEast == 8 * 3600)
        #expect(OfficeTimeZone("+05:30")?.secondsEast == 5 * 3600 + 1800)
        #expect(OfficeTimeZone("UTC-3")?.id == "UTC-03:00")
        #expect(OfficeTimeZone("UTC+0") == .utc)
        for bad in ["", "Europe/Berlin", "UTC+15", "+8:75", "UTC+", "8", "UTC+٨"] {
            #expect(OfficeTimeZone(bad) == nil, "\(bad)")
        }
    }

    @Test func theDay_ChangesAtLocalMidnight_NotAtUTCMidnight() {
        let day = CivilDate(iso: "2026-12-04")!
        // 16:00 UTC is midnight in Ulaanbaatar; 17:00 UTC midnight in Khovd.
        let ubMidnight = day.startMillis + 16 * 3_600_000
        #expect(OfficeTimeZone.ulaanbaatar.date(ofMillis: ubMidnight - 1).iso == "2026-12-04")
        #expect(OfficeTimeZone.ulaanbaatar.date(ofMillis: ubMidnight).iso == "2026-12-05")
        #expect(OfficeTimeZone.hovd.date(ofMillis: ubMidnight).iso == "2026-12-04")
        #expect(OfficeTimeZone.hovd.date(ofMillis: ubMidnight + 3_600_000).iso == "2026-12-05")
        #expect(OfficeTimeZone.ulaanbaatar.startMillis(of: CivilDate(iso: "2026-12-05")!) == ubMidnight)
    }
}
