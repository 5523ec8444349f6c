import Foundation

/// Where a command's database is: `--db`, else `HALAMJ_DB`, else the default name in
/// the current directory.
public enum DatabaseLocation {
    public static let environmentVariable = "HALAMJ_DB"

    public static func resolve(option: String?, defaultName: String) -> String {
        if let option, !option.isEmpty { return option }
        if let env = ProcessInfo.processInfo.environment[environmentVariable], !env.isEmpty { return env }
        return defaultName
    }
}
