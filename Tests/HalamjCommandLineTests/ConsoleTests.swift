import Foundation
import Testing
import HalamjCommandLine

@Suite("Console error reports")
struct ConsoleTests {
    private enum SwiftError: Error { case diskFull }
    private struct DescribedError: Error, CustomStringConvertible {
        var description: String { "the ledger is locked" }
    }
    private struct ExplainedError: LocalizedError {
        var errorDescription: String? { "explained" }
    }

    @Test("a usage error prints the message, the usage line and the help hint, and exits 64")
    func usageErrorWithUsage() {
        let error = UsageError("Missing expected argument '<case-number>'",
                               usage: Usage("halamj-node show", "<case-number> [--json]"))
        let report = Console.failureReport(for: error, tool: "halamj-node")
        #expect(report.text == """
            Error: Missing expected argument '<case-number>'
            Usage: halamj-node show <case-number> [--json]
              See 'halamj-node show --help' for more information.
            """)
        #expect(report.exitCode == 64)
    }

    @Test("a usage error without a usage points at the tool's help")
    func usageErrorWithoutUsage() {
        let report = Console.failureReport(for: UsageError("Expected <field>=<value>, but got 'x'"), tool: "halamj-hub")
        #expect(report.text == """
            Error: Expected <field>=<value>, but got 'x'
              See 'halamj-hub --help' for more information.
            """)
        #expect(report.exitCode == ExitCode.usage)
    }

    @Test("a command failure prints one line and exits 1 by default")
    func commandFailure() {
        let report = Console.failureReport(
            for: CommandFailure("Cannot open /tmp/x.db: permission denied. Check the file's owner."),
            tool: "halamj-node")
        #expect(report.text == "Error: Cannot open /tmp/x.db: permission denied. Check the file's owner.")
        #expect(report.exitCode == 1)
    }

    @Test("an unreachable service exits 75")
    func unreachable() {
        let report = Console.failureReport(
            for: CommandFailure.unreachable("Cannot reach the hub at http://hub:8080. Is 'halamj-hub serve' running?"),
            tool: "halamj-node")
        #expect(report.text == "Error: Cannot reach the hub at http://hub:8080. Is 'halamj-hub serve' running?")
        #expect(report.exitCode == ExitCode.temporaryFailure)
        #expect(ExitCode.temporaryFailure == 75)
    }

    @Test("any other error prints its own description and exits 1")
    func otherErrors() {
        #expect(Console.failureReport(for: DescribedError(), tool: "t") == ("Error: the ledger is locked", 1))
        #expect(Console.failureReport(for: SwiftError.diskFull, tool: "t") == ("Error: diskFull", 1))
        #expect(Console.failureReport(for: ExplainedError(), tool: "t") == ("Error: explained", 1))
    }

    @Test("a Foundation error prints its localized text, not its domain and code")
    func foundationError() {
        let report = Console.failureReport(for: CocoaError(.fileNoSuchFile), tool: "t")
        #expect(report.text.hasPrefix("Error: "))
        #expect(!report.text.contains("Error Domain="))
        #expect(report.exitCode == 1)
    }

    @Test("exit codes follow sysexits")
    func exitCodes() {
        #expect([ExitCode.success, ExitCode.failure, ExitCode.usage, ExitCode.temporaryFailure] == [0, 1, 64, 75])
    }
}
