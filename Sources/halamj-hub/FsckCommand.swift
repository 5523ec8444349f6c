import HalamjCommandLine
import HubServer
import ReplicaStorage
import SyncModel

/// `halamj-hub fsck [--json]`: the hub's scans checked against their hashes (issue 20).
enum FsckCommand {
    static let spec = CommandSpec(
        "halamj-hub fsck", """
            Скан шалгах (check the scans): every file the cases name is read and hashed; a
            damaged one is moved aside (<db>-files/damaged/). Missing and damaged files are
            asked of the office holding the case, which sends them with its next sync (the
            dashboard counts them as waiting). Exit 0 when every file is whole, 1 otherwise.
            """,
        options: [Flag.json], database: HubCommand.defaultDatabase)

    static func run(_ words: [String]) throws -> Int32 {
        guard let line = try spec.parse(words) else { return ExitCode.success }
        let store = try HubCommand.openStore(line)
        let result = try HubFileCheck(store: store).run(now: Clock.nowMillis())
        if try line.flag(.json) {
            Console.out(try JSONOutput.string(result))
        } else {
            var lines = ["Шалгасан (checked) \(result.checked) скан, бүтэн (whole) \(result.intact)"]
            for finding in result.findings {
                let state = finding.state == .missing ? "алга (missing)" : "гэмтсэн (damaged, set aside)"
                lines.append("  \(finding.caseNumber) \(finding.scan.name) (\(finding.scan.sha256.prefix(12))): \(state) → албанаас дахин хүссэн (asked of the office again)")
            }
            Console.out(lines.joined(separator: "\n"))
        }
        return result.findings.isEmpty ? ExitCode.success : ExitCode.failure
    }
}
