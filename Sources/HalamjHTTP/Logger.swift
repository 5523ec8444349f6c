import Foundation
import Synchronization

/// How much a log line matters; a logger writes its level and the ones above it.
public enum LogLevel: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case debug, info, notice, warning, error

    /// The level named as `--log-level` takes it: debug, info, notice, warning or error.
    public init?(_ name: String) {
        guard let level = Self.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
        self = level
    }

    public var description: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        }
    }

    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }

    /// syslog's severity (RFC 5424): error 3, warning 4, notice 5, info 6, debug 7.
    public var syslogPriority: Int {
        switch self {
        case .error: 3
        case .warning: 4
        case .notice: 5
        case .info: 6
        case .debug: 7
        }
    }
}

/// Where log lines go, one whole line at a time: lines written from many threads never interleave.
public final class LogSink: Sendable {
    private let write: @Sendable (String) -> Void
    private let lock = Mutex(())
    /// Each line starts with its syslog priority (`<3>` for an error … `<7>` for debug),
    /// which systemd's journal reads as the line's level and strips (`journalctl -p err`).
    public let prefixesPriority: Bool

    /// `write` gets each line without its newline, never two at once.
    public init(prefixesPriority: Bool = false, _ write: @escaping @Sendable (String) -> Void) {
        self.prefixesPriority = prefixesPriority
        self.write = write
    }

    func emit(_ line: String) {
        lock.withLock { _ in write(line) }
    }

    /// Standard error, which systemd's journal takes: each line in one write, with its
    /// priority when the journal is the reader (systemd sets `JOURNAL_STREAM` for a
    /// service whose stderr goes to the journal; a terminal gets plain lines).
    public static let standardError = LogSink(prefixesPriority: ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil) { line in
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(2, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}

/// One line per event: `<time> <level> <label>: <message> key=value …`, to a sink.
/// What goes into a line is the caller's choice, so callers keep secrets out of it: no
/// tokens, headers, passwords, query strings, bodies, citizens' names or register numbers.
public struct Logger: Sendable {
    /// Who writes: "hub", "web".
    public let label: String
    /// Lines below it cost nothing: their message and metadata are never built.
    public var level: LogLevel
    /// Fields every line of this logger carries, first.
    public var metadata: [(String, String)]
    let sink: LogSink?

    public init(label: String, level: LogLevel = .info, metadata: [(String, String)] = [], sink: LogSink = .standardError) {
        self.label = label
        self.level = level
        self.metadata = metadata
        self.sink = sink
    }

    /// Writes nothing.
    public static let discarding = Logger(label: "", level: .error, sink: nil)

    private init(label: String, level: LogLevel, sink: LogSink?) {
        self.label = label
        self.level = level
        self.metadata = []
        self.sink = sink
    }

    public func isEnabled(_ level: LogLevel) -> Bool { sink != nil && level >= self.level }

    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, String)] = []) {
        guard isEnabled(level), let sink else { return }
        let line = Self.line(at: Date(), level: level, label: label, message: message(), fields: metadata + fields())
        sink.emit(sink.prefixesPriority ? "<\(level.syslogPriority)>" + line : line)
    }

    public func debug(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, String)] = []) {
        log(.debug, message(), fields())
    }

    public func info(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, String)] = []) {
        log(.info, message(), fields())
    }

    public func notice(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, String)] = []) {
        log(.notice, message(), fields())
    }

    public func warning(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, String)] = []) {
        log(.warning, message(), fields())
    }

    public func error(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, String)] = []) {
        log(.error, message(), fields())
    }

    /// The text of a line. Values with spaces, quotes, `=` or control characters are quoted
    /// and escaped, so that one event stays one line whatever an error message holds.
    static func line(at time: Date, level: LogLevel, label: String, message: String, fields: [(String, String)]) -> String {
        var line = "\(timestamp(time)) \(level) \(label): \(escaped(message, quoting: false))"
        for (key, value) in fields {
            line += " \(key)=\(escaped(value, quoting: true))"
        }
        return line
    }

    static func escaped(_ text: String, quoting: Bool) -> String {
        var out = ""
        var needsQuotes = quoting && text.isEmpty
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"; needsQuotes = quoting
            case "\r": out += "\\r"; needsQuotes = quoting
            case "\t": out += "\\t"; needsQuotes = quoting
            case "\"" where quoting, "\\" where quoting: out += "\\\(scalar)"; needsQuotes = true
            case " ", "=": out.unicodeScalars.append(scalar); needsQuotes = quoting
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u{\(String(scalar.value, radix: 16))}"; needsQuotes = quoting
            default: out.unicodeScalars.append(scalar)
            }
        }
        return needsQuotes ? "\"\(out)\"" : out
    }

    /// UTC with milliseconds, e.g. 2026-11-25T10:00:00.123Z (durations in lines use a monotonic clock).
    static func timestamp(_ time: Date) -> String {
        let millis = Int64((time.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = millis / 1000
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(millis % 1000))
    }
}
