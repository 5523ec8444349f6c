import Foundation

/// Output and the process entry point for `halamj-node` and `halamj-hub`.
///
/// Writes go straight to the file descriptors through `FileHandle`: they are unbuffered,
/// so nothing is lost when `exit()` ends the process, and the order of stdout and stderr
/// lines is kept. (`fflush(stdout)` does not compile in Swift 6 strict mode on Linux.)
/// Mixing in `print`, which is buffered, could reorder output: use `Console` for all of it.
public enum Console {
    /// Writes `text` and a newline to standard output.
    public static func out(_ text: String) {
        write(text, to: .standardOutput)
    }

    /// Writes `text` and, unless told otherwise, a newline to standard error.
    public static func err(_ text: String, newline: Bool = true) {
        write(text, to: .standardError, newline: newline)
    }

    /// Runs a command body and exits with the status it returns, or the one its error maps to.
    ///
    /// ```swift
    /// // main.swift
    /// Console.run(tool: "halamj-node") { try Node.main(Array(CommandLine.arguments.dropFirst())) }
    /// ```
    public static func run(tool: String, _ body: () throws -> Int32) -> Never {
        let status: Int32
        do {
            status = try body()
        } catch {
            status = report(error, tool: tool)
        }
        exit(status)
    }

    /// The async form of `run(tool:_:)`. The body runs in the caller's isolation
    /// (the main actor from top-level code), so it may touch whatever the caller may.
    public static func runMain(
        tool: String,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Int32
    ) async -> Never {
        let status: Int32
        do {
            status = try await body()
        } catch {
            status = report(error, tool: tool)
        }
        exit(status)
    }

    /// Prints `error` to standard error as described in `failureReport(for:tool:)` and
    /// returns the exit status to use.
    @discardableResult
    public static func report(_ error: any Error, tool: String) -> Int32 {
        let failure = failureReport(for: error, tool: tool)
        err(journalPriority(failure.text, exitCode: failure.exitCode, journal: writesToJournal))
        return failure.exitCode
    }

    /// Whether standard error is systemd's journal (a service's; systemd sets `JOURNAL_STREAM`).
    static let writesToJournal = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil

    /// For the journal, each line of a failure with its syslog priority, so that
    /// `journalctl -p err` finds it: `<4>` (warning) for try-again-later (75), `<3>` (error)
    /// for the rest. A terminal gets the text as it is.
    static func journalPriority(_ text: String, exitCode: Int32, journal: Bool) -> String {
        guard journal else { return text }
        let prefix = exitCode == ExitCode.temporaryFailure ? "<4>" : "<3>"
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { prefix + $0 }.joined(separator: "\n")
    }

    /// What a failed command prints to standard error, and its exit status:
    ///
    /// - `UsageError`, exit 64, as swift-argument-parser prints it:
    ///   ```
    ///   Error: Missing expected argument '<case-number>'
    ///   Usage: halamj-node show <case-number> [--json]
    ///     See 'halamj-node show --help' for more information.
    ///   ```
    ///   Without a `Usage` the middle line is left out and the hint names `tool`.
    /// - `CommandFailure`: `Error: <message>`, with its own exit status.
    /// - Anything else: `Error: <description>`, exit 1.
    public static func failureReport(for error: any Error, tool: String) -> (text: String, exitCode: Int32) {
        switch error {
        case let usageError as UsageError:
            var lines = ["Error: \(usageError.message)"]
            if let usage = usageError.usage {
                lines.append("Usage: \(usage.line)")
            }
            let helpCommand = usageError.usage?.command ?? tool
            lines.append("  See '\(helpCommand) --help' for more information.")
            return (lines.joined(separator: "\n"), ExitCode.usage)
        case let failure as CommandFailure:
            return ("Error: \(failure.message)", failure.exitCode)
        default:
            return ("Error: \(describe(error))", ExitCode.failure)
        }
    }

    // Foundation's errors describe themselves as "Error Domain=… Code=…", so they get
    // their localized text; a Swift error's own description ("timedOut") reads better
    // than the localized fallback "The operation could not be completed. (… error 1.)".
    private static func describe(_ error: any Error) -> String {
        if let localized = error as? any LocalizedError, let description = localized.errorDescription {
            return description
        }
        if error is any CustomNSError || type(of: error) is NSError.Type {
            return error.localizedDescription
        }
        return String(describing: error)
    }

    private static func write(_ text: String, to handle: FileHandle, newline: Bool = true) {
        // A closed pipe (e.g. `| head`) is not worth failing over; there is nowhere to report it.
        try? handle.write(contentsOf: Data((newline ? text + "\n" : text).utf8))
    }
}
