import Foundation
import Testing

/// Under systemd (JOURNAL_STREAM set) a command's failure line carries its priority, so
/// `journalctl -u halamj-node-sync -p err` lists a refused sync and `-p warning` also a
/// hub that could not be reached; a terminal gets the plain line.
@Suite struct JournalPriorityTests {
    let dir = TemporaryDirectory()

    @Test func syncFailures_CarryTheirPriority_OnlyForTheJournal() throws {
        let (hubDir, soum, hub) = try dir.servedOffice()
        defer { hub.stop() }
        let journal = ["JOURNAL_STREAM": "8:12345"]

        try Programs.succeed("halamj-hub", ["office", "revoke", "soum-4305"], in: hubDir)
        let refused = try Programs.run("halamj-node", ["sync", "--retries", "1"], in: soum, environment: journal)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("<3>Error: "), "\(refused.stderr)")
        let plain = try Programs.run("halamj-node", ["sync", "--retries", "1"], in: soum)
        #expect(plain.stderr.hasPrefix("Error: "), "\(plain.stderr)")

        hub.stop()
        let unreachable = try Programs.run("halamj-node", ["sync", "--retries", "1"], in: soum, environment: journal)
        #expect(unreachable.status == 75)
        #expect(unreachable.stderr.hasPrefix("<4>Error: "), "\(unreachable.stderr)")

        // A usage error of several lines: every line is the journal's error.
        let usage = try Programs.run("halamj-node", ["sync", "--interval", "0"], in: soum, environment: journal)
        #expect(usage.status == 64)
        let lines = usage.stderr.split(separator: "\n")
        #expect(lines.count >= 2 && lines.allSatisfy { $0.hasPrefix("<3>") }, "\(usage.stderr)")
    }
}
