import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Questions asked in a terminal when a command is run without its options.
public enum Prompt {
    /// Standard input and standard error are a terminal: someone is there to answer.
    public static var isInteractive: Bool { isatty(0) == 1 && isatty(2) == 1 }

    /// Asks on stderr (stdout stays clean for the result) and reads one line.
    public static func ask(_ question: String) throws -> String {
        Console.err("\(question): ", newline: false)
        guard let line = readLine() else { throw CommandFailure("no answer (end of input)") }
        return line.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Asks for a password with the terminal's echo turned off.
    public static func askSecret(_ question: String) throws -> String {
        Console.err("\(question): ", newline: false)
        var saved = termios()
        let hasTerminal = tcgetattr(0, &saved) == 0
        if hasTerminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(0, TCSAFLUSH, &quiet)
        }
        defer {
            if hasTerminal {
                tcsetattr(0, TCSAFLUSH, &saved)
                Console.err("")
            }
        }
        guard let line = readLine() else { throw CommandFailure("no answer (end of input)") }
        return line
    }

    /// A web user's password: the first line of `file`, else asked in the terminal (twice
    /// when `confirm`), else one line of standard input when that is not a terminal.
    public static func password(file: String?, confirm: Bool) throws -> String {
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw CommandFailure("cannot read the password file \(file)")
            }
            return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        }
        guard isInteractive else {
            guard let line = readLine() else { throw CommandFailure("no password on standard input") }
            return line
        }
        let password = try askSecret("Нууц үг (password)")
        if confirm {
            guard try askSecret("Дахин (again)") == password else { throw CommandFailure("the two passwords differ; nothing was saved") }
        }
        return password
    }

    /// `--password-file`, as both programs' `user add` and `user passwd` take it.
    public static let passwordFile = Option("--password-file", "<file>", .text, help: """
        нууц үгтэй файл (the password as the file's first line); without it the password
        is asked in the terminal (not shown), or read as one line from standard input
        when that is not a terminal
        """)
}
