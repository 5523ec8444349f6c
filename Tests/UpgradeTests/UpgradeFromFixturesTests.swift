import Foundation
import Testing
import HalamjTestSupport

/// Issue 17, item 4: files written by an earlier release (Fixtures/<release>/, made once by
/// scripts/make-upgrade-fixtures.sh with that release's programs) are opened by this build,
/// brought up to date, and synced, with every pending change, decision and conflict intact.
@Suite(.serialized) struct UpgradeFromFixturesTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The releases whose files are here.
    static var releases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []).sorted()
    }

    let dir = TemporaryDirectory()

    /// A copy of one release's district: `hub/halamj-hub.db`, `soum-4305/halamj-node.db`,
    /// `soum-4306/halamj-node.db`, each office's token beside its file.
    func district(of release: String) throws -> (hub: URL, soums: [String: URL]) {
        let from = Self.fixtures.appendingPathComponent(release)
        let hub = try dir.folder("hub")
        try FileManager.default.copyItem(at: from.appendingPathComponent("hub.db"), to: hub.appendingPathComponent("halamj-hub.db"))
        var soums: [String: URL] = [:]
        for office in ["soum-4305", "soum-4306"] {
            let soum = try dir.folder(office)
            try FileManager.default.copyItem(at: from.appendingPathComponent("\(office).db"), to: soum.appendingPathComponent("halamj-node.db"))
            try FileManager.default.copyItem(at: from.appendingPathComponent("\(office).token"), to: soum.appendingPathComponent("token"))
            soums[office] = soum
        }
        return (hub, soums)
    }

    func json(_ result: Programs.Result) throws -> Any {
        try #require(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    @Test func theFixturesAreHere() {
        #expect(Self.releases.contains("0.1.0"), "\(Self.fixtures.path)")
    }

    @Test(arguments: releases)
    func anOfficeAndItsHub_FromAnEarlierRelease_OpenAndSync_LosingNothing(release: String) throws {
        let (hubDir, soums) = try district(of: release)
        let soum = soums["soum-4305"]!

        // As the earlier release left them: two changes waiting, a decision, a conflict, a user.
        let status = try #require(try json(Programs.run("halamj-node", ["status", "--json"], in: soum)) as? [String: Any])
        #expect(status["pendingCount"] as? Int == 2, "\(status)")
        let conflicts = try #require(try json(Programs.run("halamj-node", ["conflicts", "--json"], in: soum)) as? [[String: Any]])
        #expect(conflicts.map { $0["field"] as? String } == ["phone"])
        let decided = try #require(try json(Programs.run("halamj-node", ["case", "show", "4305-2026-000001", "--json"], in: soum)) as? [String: Any])
        #expect(decided["status"] as? String == "approved" && decided["decree_number"] as? String == "A/17")
        #expect(try Programs.run("halamj-node", ["user", "list"], in: soum).stdout.contains("dolgor"))
        let hubStatus = try #require(try json(Programs.run("halamj-hub", ["status", "--json"], in: hubDir)) as? [String: Any])
        let offices = try #require(hubStatus["offices"] as? [[String: Any]])
        #expect(offices.compactMap { $0["office"] as? String }.sorted() == ["soum-4305", "soum-4306"])
        #expect(offices.first { $0["office"] as? String == "soum-4305" }?["openConflicts"] as? Int == 1)

        // The upgraded hub serves; the upgraded offices point at it and sync.
        let hub = try ServedHub(directory: hubDir)
        defer { hub.stop() }
        for (office, folder) in soums {
            #expect(try Programs.run("halamj-node", ["config", "--hub", hub.url], in: folder).status == 0)
            let synced = try Programs.run("halamj-node", ["sync"], in: folder)
            #expect(synced.status == 0, "\(office): \(synced.stderr)")
        }
        let after = try #require(try json(Programs.run("halamj-node", ["status", "--json"], in: soum)) as? [String: Any])
        #expect(after["pendingCount"] as? Int == 0, "\(after)")
        let atHub = try #require(try json(Programs.run("halamj-hub", ["case", "list", "--office", "soum-4305", "--json"], in: hubDir)) as? [[String: Any]])
        let byNumber = Dictionary(uniqueKeysWithValues: atHub.map { ($0["number"] as? String ?? "", $0) })
        #expect(byNumber.count == 4, "\(byNumber.keys.sorted())")
        #expect(byNumber["4305-2026-000003"]?["note"] as? String == "written before the upgrade")
        #expect(byNumber["4305-2026-000004"]?["name"] as? String == "Оюун")
        #expect(byNumber["4305-2026-000001"]?["status"] as? String == "approved")

        // The conflict waits at the hub as it did; resolved there, it is gone at the office.
        let waiting = try #require(try json(Programs.run("halamj-hub", ["conflicts", "--json"], in: hubDir)) as? [[String: Any]])
        let id = try #require(waiting.first?["id"] as? String)
        #expect(waiting.count == 1)
        #expect(try Programs.run("halamj-hub", ["conflicts", "resolve", id, "--keep", "soum-4305"], in: hubDir).status == 0)
        #expect(try Programs.run("halamj-node", ["sync"], in: soum).status == 0)
        let left = try #require(try json(Programs.run("halamj-node", ["conflicts", "--json"], in: soum)) as? [[String: Any]])
        #expect(left.isEmpty)
        let phone = try #require(try json(Programs.run("halamj-node", ["case", "show", "4305-2026-000002", "--json"], in: soum)) as? [String: Any])
        #expect(phone["phone"] as? String == "99887766")
    }
}
