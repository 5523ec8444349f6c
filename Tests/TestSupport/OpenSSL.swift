import Foundation

/// The `openssl` program, for tests that make keys and certificates (skipped where it is missing).
public enum OpenSSL {
    public static let program = "/usr/bin/openssl"

    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: program) }

    public struct Failed: Error, CustomStringConvertible {
        public let arguments: [String]
        public init(arguments: [String]) { self.arguments = arguments }
        public var description: String { "openssl \(arguments.joined(separator: " ")) failed" }
    }

    /// Runs `openssl` with `arguments`, its output discarded; throws unless it exits 0.
    public static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failed(arguments: arguments) }
    }
}
