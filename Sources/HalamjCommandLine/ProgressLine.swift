import Foundation
import Synchronization

/// One line on standard error that rewrites itself while long work runs (`sync` on a
/// slow link), at most a few times a second, and is cleared before the result is printed.
/// Nothing is written when standard error is not a terminal (a pipe, the journal): there
/// the one-line summary at the end is all.
public final class ProgressLine: Sendable {
    private struct State {
        var lastShown: ContinuousClock.Instant?
        var shown = false
    }

    private let state = Mutex(State())
    private let enabled: Bool
    private let interval: Duration

    /// Whether standard error is a terminal, where a rewriting line makes sense.
    public static var standardErrorIsTerminal: Bool { isatty(2) == 1 }

    public init(enabled: Bool = ProgressLine.standardErrorIsTerminal, interval: Duration = .milliseconds(250)) {
        self.enabled = enabled
        self.interval = interval
    }

    /// Shows `text` in place of the line shown before, unless one was shown within the
    /// interval (then `text` is not even formed: a transfer reports its bytes often).
    public func show(_ text: @autoclosure () -> String, force: Bool = false) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let due = state.withLock { state in
            if !force, let last = state.lastShown, now - last < interval { return false }
            state.lastShown = now
            state.shown = true
            return true
        }
        if due { Console.err("\r" + text() + "\u{1B}[K", newline: false) }
    }

    /// Removes the line, so that what follows starts on a clean line.
    public func clear() {
        guard enabled, state.withLock({ state in defer { state.shown = false }; return state.shown }) else { return }
        Console.err("\r\u{1B}[K", newline: false)
    }
}
