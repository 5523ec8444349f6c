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
}
