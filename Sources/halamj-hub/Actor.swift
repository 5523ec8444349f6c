import Foundation

/// Who runs a hub command, for the audit log: the login name, else "hub-cli".
enum Actor {
    static var current: String {
        let env = ProcessInfo.processInfo.environment
        return env["SUDO_USER"] ?? env["USER"] ?? env["LOGNAME"] ?? "hub-cli"
    }
}
