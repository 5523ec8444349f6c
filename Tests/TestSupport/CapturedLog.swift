import HalamjHTTP
import Synchronization

/// Log lines kept in memory, for tests that read what a server logged.
public final class CapturedLog: Sendable {
    private let captured = Mutex<[String]>([])

    public init() {}

    /// A logger writing here.
    public func logger(_ label: String, level: LogLevel = .debug) -> Logger {
        Logger(label: label, level: level, sink: LogSink { [self] line in self.captured.withLock { $0.append(line) } })
    }

    public var lines: [String] { captured.withLock { $0 } }

    /// The lines that contain every one of `words`.
    public func lines(containing words: String...) -> [String] {
        lines.filter { line in words.allSatisfy { line.contains($0) } }
    }

    /// Everything logged, one line after another.
    public var text: String { lines.joined(separator: "\n") }
}
