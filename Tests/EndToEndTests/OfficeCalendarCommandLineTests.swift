import Foundation
import Testing

/// `--time-zone` on the programs: kept with the data, shown, and a wrong one refused.
@Suite struct OfficeCalendarCommandLineTests {
    let dir = TemporaryDirectory()

    @Test func theZone_IsSetAtInit_ShownAndChangedByConfig_AndAnUnknownOneIsAUsageError() throws {
        let hubDir = dir.url.appendingPathComponent("hub"), soum = dir.url.appendingPathComponent("soum")
        for url in [hubDir, soum] { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        let created = try Programs.run("halamj-hub", ["init", "--id", "hub-84", "--time-zone", "Khovd"], in: hubDir)
        #expect(created.status == 0 && created.stdout.contains("Asia/Hovd"), "\(created)")
        #expect(try Programs.run("halamj-hub", ["config"], in: hubDir).stdout.contains("Asia/Hovd"))
        #expect(try Programs.run("halamj-hub", ["config", "--time-zone", "UTC+8"], in: hubDir).stdout.contains("UTC+08:00"))
        let wrong = try Programs.run("halamj-hub", ["config", "--time-zone", "Europe/Berlin"], in: hubDir)
        #expect(wrong.status == 64 && wrong.stderr.contains("Asia/Ulaanbaatar"), "the choices are named")
        #expect(try Programs.run("halamj-hub", ["config"], in: hubDir).stdout.contains("UTC+08:00"), "and nothing changed")

        try "token".write(to: soum.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        let node = try Programs.run("halamj-node", ["init", "--office", "soum-8401", "--hub", "http://127.0.0.1:9", "--token-file", "token"], in: soum)
        #expect(node.status == 0 && node.stdout.contains("Asia/Ulaanbaatar"), "the default: \(node)")
        let changed = try Programs.run("halamj-node", ["config", "--time-zone", "Asia/Hovd"], in: soum)
        #expect(changed.status == 0 && changed.stdout.contains("Asia/Hovd"), "\(changed)")
        let bad = try Programs.run("halamj-node", ["init", "--office", "soum-8402", "--hub", "http://127.0.0.1:9", "--token-file", "token",
                                                   "--time-zone", "Mars/Olympus", "--db", "other.db"], in: soum)
        #expect(bad.status == 64)
        #expect(!FileManager.default.fileExists(atPath: soum.appendingPathComponent("other.db").path), "no database half made")
    }
}
