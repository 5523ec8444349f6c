import Foundation
import Testing
import HalamjTestSupport

/// Issue 17, item 4: "a hub upgraded while nodes are offline, and a node upgraded while it
/// has a week of pending changes". Fixtures/<release>/week-offline/ was written by that
/// release's programs, each command on its own day (scripts/make-week-offline-fixture.sh):
/// an office that lost its link for seven days and kept opening, editing and submitting
/// cases, and its hub that kept deciding and editing meanwhile. This build opens both
/// files, the office syncs, and every change of the week is where it belongs.
@Suite(.serialized) struct WeekOfflineUpgradeTests {
    static var weeks: [String] {
        UpgradeFromFixturesTests.releases.filter {
            FileManager.default.fileExists(atPath: UpgradeFromFixturesTests.fixtures.appendingPathComponent("\($0)/week-offline/hub.db").path)
        }
    }

    let dir = TemporaryDirectory()

    func json(_ result: Programs.Result) throws -> Any {
        try #require(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    func cases(_ data: Any) throws -> [String: [String: Any]] {
        let list = try #require(data as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["number"] as? String ?? "", $0) })
    }

    @Test func theWeekOfflineFixtureIsHere() {
        #expect(Self.weeks.contains("0.1.0"))
    }

    @Test(arguments: weeks)
    func anOfficeOfflineForAWeek_UpgradedWithItsHub_SyncsEveryChangeOfTheWeek(release: String) throws {
        let from = UpgradeFromFixturesTests.fixtures.appendingPathComponent("\(release)/week-offline")
        let hubDir = try dir.folder("hub"), soum = try dir.folder("soum-4305")
        try FileManager.default.copyItem(at: from.appendingPathComponent("hub.db"), to: hubDir.appendingPathComponent("halamj-hub.db"))
        try FileManager.default.copyItem(at: from.appendingPathComponent("soum-4305.db"), to: soum.appendingPathComponent("halamj-node.db"))
        try FileManager.default.copyItem(at: from.appendingPathComponent("soum-4305.token"), to: soum.appendingPathComponent("token"))
        let oldNode = try cases(JSONSerialization.jsonObject(with: Data(contentsOf: from.appendingPathComponent("expected-node.json"))))
        let oldHub = try cases(JSONSerialization.jsonObject(with: Data(contentsOf: from.appendingPathComponent("expected-hub.json"))))
        let oldStatus = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: from.appendingPathComponent("expected-node-status.json"))) as? [String: Any])
        let pending = try #require(oldStatus["pendingCount"] as? Int)
        let oldest = try #require(oldStatus["oldestPendingAt"] as? Double)
        #expect(pending >= 50, "the fixture's office should have a week of work waiting, not \(pending) changes")
        #expect(Date().timeIntervalSince1970 * 1000 - oldest >= 6.5 * 86_400_000, "the oldest change waiting is not a week old")

        // The new build reads the office as the old one left it: the same changes waiting,
        // from the same moment, the same cases.
        let status = try #require(try json(Programs.run("halamj-node", ["status", "--json"], in: soum)) as? [String: Any])
        #expect(status["pendingCount"] as? Int == pending, "\(status)")
        #expect(status["oldestPendingAt"] as? Double == oldest)
        let upgradedNode = try cases(json(Programs.run("halamj-node", ["case", "list", "--json"], in: soum)))
        #expect(Set(upgradedNode.keys) == Set(oldNode.keys))
        let kept = ["name", "service", "status", "phone", "address", "note"]
        for (number, old) in oldNode {
            for key in kept { #expect(upgradedNode[number]?[key] as? String == old[key] as? String, "\(number).\(key)") }
        }

        // The hub, upgraded while the office was away, serves it; one sync takes the week.
        let hub = try ServedHub(directory: hubDir)
        defer { hub.stop() }
        #expect(try Programs.run("halamj-node", ["config", "--hub", hub.url], in: soum).status == 0)
        let synced = try Programs.run("halamj-node", ["sync", "--json"], in: soum, timeout: 120)
        let report = try #require(try json(synced) as? [String: Any])
        #expect(report["refused"] as? Int == 0, "\(report)")
        let after = try #require(try json(Programs.run("halamj-node", ["status", "--json"], in: soum)) as? [String: Any])
        #expect(after["pendingCount"] as? Int == 0, "\(after)")

        // Every case the office opened or edited that week is at the hub as the office wrote it.
        let atHub = try cases(json(Programs.run("halamj-hub", ["case", "list", "--office", "soum-4305", "--json"], in: hubDir)))
        #expect(Set(atHub.keys) == Set(oldNode.keys), "missing at the hub: \(Set(oldNode.keys).subtracting(atHub.keys).sorted())")
        let conflicted = oldNode.keys.filter { (oldNode[$0]?["phone"] as? String) != (oldHub[$0]?["phone"] as? String) && oldHub[$0] != nil }
        for (number, old) in oldNode {
            for key in ["name", "service", "address", "note"] {
                #expect(atHub[number]?[key] as? String == old[key] as? String, "\(number).\(key) at the hub")
            }
        }
        // The hub's decisions of that week reached the office.
        let decided = oldHub.filter { ["approved", "rejected"].contains($0.value["status"] as? String) }
        #expect(decided.count == 2, "\(oldHub.mapValues { $0["status"] ?? "" })")
        let nodeAfter = try cases(json(Programs.run("halamj-node", ["case", "list", "--json"], in: soum)))
        for (number, hubCase) in decided {
            #expect(nodeAfter[number]?["status"] as? String == hubCase["status"] as? String, "\(number) at the office")
        }
        // The phone both ends changed while apart: a conflict that keeps both, at both ends.
        #expect(conflicted.count == 1, "\(conflicted)")
        let number = try #require(conflicted.first)
        let hubConflicts = try #require(try json(Programs.run("halamj-hub", ["conflicts", "--json"], in: hubDir)) as? [[String: Any]])
        let conflict = try #require(hubConflicts.first { ($0["case"] as? String ?? $0["number"] as? String) == number || "\($0)".contains(number) },
                                    "\(hubConflicts)")
        let described = "\(conflict)"
        #expect(described.contains(oldNode[number]?["phone"] as? String ?? "?") && described.contains(oldHub[number]?["phone"] as? String ?? "?"),
                "\(described)")
        let nodeConflicts = try #require(try json(Programs.run("halamj-node", ["conflicts", "--json"], in: soum)) as? [[String: Any]])
        #expect(nodeConflicts.map { $0["field"] as? String } == ["phone"], "\(nodeConflicts)")

        // A second sync has nothing left to send.
        let again = try #require(try json(Programs.run("halamj-node", ["sync", "--json"], in: soum)) as? [String: Any])
        #expect(again["pushedRecords"] as? Int == 0, "\(again)")
    }
}
