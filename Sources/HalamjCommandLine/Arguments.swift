/// The words of one command line after its subcommand words, taken apart by the command.
/// Commands declare a `CommandSpec`, whose `parse(_:)` takes them apart by these rules in
/// the order below; use `Arguments` directly only to peek (`halamj-hub case status`).
///
/// Take flags and options first, then positionals: a positional is simply the first
/// word left that does not start with `-`, so reading positionals first would pick up
/// option values. Then call `finish()` so that nothing the user typed is silently ignored.
///
/// ```swift
/// var args = Arguments(words, usage: Usage("halamj-node show", "<case-number> [--json] [--db <path>]"))
/// if args.wantsHelp { Console.out(help); return ExitCode.success }
/// let json = args.flag("--json")
/// let db = try args.option("--db")
/// let number = try args.positional("case-number")
/// try args.finish()
/// ```
///
/// Conventions, as in swift-argument-parser:
/// - `--name value` and `--name=value` are both accepted; a value that itself starts
///   with `-` must use the `=` form, otherwise it reads as a missing value.
/// - Everything after a lone `--` is positional, even if it starts with `-`.
/// - A lone `-` is a positional (conventionally standard input).
public struct Arguments: Sendable {
    /// The usage attached to every error this parser throws.
    public let usage: Usage?
    /// `-h` or `--help` appeared before any `--`. Check it before parsing anything else,
    /// so that `halamj-node show --help` prints help instead of "Missing expected argument".
    public let wantsHelp: Bool

    private var words: [String]
    private var afterTerminator: [String]
    // A flag given a value is reported by `finish()`, which keeps `flag(_:)` non-throwing.
    private var flagError: UsageError?

    public init(_ words: [String], usage: Usage? = nil) {
        if let terminator = words.firstIndex(of: "--") {
            self.words = Array(words[..<terminator])
            self.afterTerminator = Array(words[(terminator + 1)...])
        } else {
            self.words = words
            self.afterTerminator = []
        }
        self.usage = usage
        self.wantsHelp = self.words.contains { $0 == "-h" || $0 == "--help" }
    }

    /// A usage error carrying this command's usage, for checks the command makes itself
    /// (e.g. "Invalid case number '12x'").
    public func usageError(_ message: String) -> UsageError {
        UsageError(message, usage: usage)
    }

    /// Whether `name` (e.g. `--json`) was given; removes every occurrence.
    /// Repeating a flag is harmless, so it is not an error.
    public mutating func flag(_ name: String) -> Bool {
        var found = false
        var index = 0
        while index < words.count {
            let word = words[index]
            if word == name {
                words.remove(at: index)
                found = true
            } else if let value = Self.inlineValue(of: word, for: name) {
                words.remove(at: index)
                found = true
                if flagError == nil {
                    flagError = usageError("The option '\(name)' does not take any value, but '\(value)' was specified")
                }
            } else {
                index += 1
            }
        }
        return found
    }

    /// The value of `--name value` or `--name=value`, or `nil` if the option is absent.
    /// `--name=` gives an empty value; giving the option twice is an error rather than
    /// letting one silently win. `placeholder` (`<MNT>`) names the value in the error
    /// for a missing one; without it the option's own name does (`<db>`).
    public mutating func option(_ name: String, placeholder: String? = nil) throws(UsageError) -> String? {
        var value: String?
        var index = 0
        while index < words.count {
            let word = words[index]
            var found: String?
            if word == name {
                guard index + 1 < words.count, !Self.looksLikeOption(words[index + 1]) else {
                    throw usageError("Missing value for '\(name) \(placeholder ?? "<\(Self.valueName(for: name))>")'")
                }
                found = words[index + 1]
                words.removeSubrange(index...(index + 1))
            } else if let inline = Self.inlineValue(of: word, for: name) {
                found = inline
                words.remove(at: index)
            } else {
                index += 1
            }
            if let found {
                guard value == nil else {
                    throw usageError("The option '\(name)' was given more than once")
                }
                value = found
            }
        }
        return value
    }

    /// The next positional word; `what` names it in the error, e.g. `case-number`.
    public mutating func positional(_ what: String) throws(UsageError) -> String {
        guard let word = optionalPositional() else {
            // `show --nmuber 42` lacks its case number only because of the typo: name the typo.
            if let unknown = words.first(where: Self.looksLikeOption) {
                throw unknownOption(unknown)
            }
            throw usageError("Missing expected argument '<\(what)>'")
        }
        return word
    }

    public mutating func optionalPositional() -> String? {
        if let index = words.firstIndex(where: { !Self.looksLikeOption($0) }) {
            return words.remove(at: index)
        }
        return afterTerminator.isEmpty ? nil : afterTerminator.removeFirst()
    }

    /// Every positional word left, in order; unknown options stay behind for `finish()`.
    public mutating func remainingPositionals() -> [String] {
        var positionals: [String] = []
        while let word = optionalPositional() {
            positionals.append(word)
        }
        return positionals
    }

    /// Fails on the first word nobody asked for, in command-line order.
    public func finish() throws(UsageError) {
        if let flagError {
            throw flagError
        }
        if let word = words.first {
            if Self.looksLikeOption(word) {
                throw unknownOption(word)
            }
            throw usageError("Unexpected argument '\(word)'")
        }
        if let word = afterTerminator.first {
            throw usageError("Unexpected argument '\(word)'")
        }
    }

    private func unknownOption(_ word: String) -> UsageError {
        let name = word.unicodeScalars.firstIndex(of: "=").map { String(word.unicodeScalars[..<$0]) } ?? word
        return usageError("Unknown option '\(name)'")
    }

    private static func looksLikeOption(_ word: String) -> Bool {
        word.utf8.count > 1 && word.utf8.first == UInt8(ascii: "-")
    }

    // Compares UTF-8 rather than Characters: a value starting with a combining mark
    // would otherwise fuse with the "=" into one Character and hide the prefix.
    private static func inlineValue(of word: String, for name: String) -> String? {
        let prefix = Array((name + "=").utf8)
        guard word.utf8.starts(with: prefix) else { return nil }
        return String(decoding: word.utf8.dropFirst(prefix.count), as: UTF8.self)
    }

    /// `--db` → `db`, as swift-argument-parser names values in its messages.
    private static func valueName(for name: String) -> String {
        String(name.drop { $0 == "-" })
    }
}
