import Foundation
import Testing

/// The alert rules shipped for the hub's /metrics (deploy/prometheus): promtool accepts
/// them, and its rule tests say each alert fires when it should and not before (an office
/// silent past 48 h, conflicts waiting a day, cases overdue an hour), with the office named.
struct AlertRulesTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("deploy/prometheus")

    func promtool(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: AdminRoutesTests.promtool!)
        process.arguments = arguments
        process.currentDirectoryURL = Self.folder
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, said)
    }

    @Test(.enabled(if: AdminRoutesTests.promtool != nil, "promtool (Debian's prometheus) is installed by scripts/test.sh"))
    func theShippedAlertRules_PassPromtoolsCheckAndTheirOwnTests() throws {
        let checked = try promtool(["check", "rules", "halamj-alerts.yml"])
        #expect(checked.status == 0, "\(checked.output)")
        #expect(checked.output.contains("3 rules found"), "\(checked.output)")
        let tested = try promtool(["test", "rules", "halamj-alerts.test.yml"])
        #expect(tested.status == 0, "\(tested.output)")
    }

    @Test func everyMetricTheRulesUse_IsOneTheHubServes() throws {
        let rules = try String(contentsOf: Self.folder.appendingPathComponent("halamj-alerts.yml"), encoding: .utf8)
        let used = Set(rules.matches(of: /halamj_[a-z_]+/).map { String($0.output) })
        #expect(!used.isEmpty)
        let routes = try AdminRoutesTests()
        let served = routes.get("/metrics", authorization: "Bearer \(routes.adminToken)").body
        for name in used {
            #expect(served.contains("\n\(name){") || served.contains("# TYPE \(name) "), "\(name) is not in /metrics")
        }
    }
}
