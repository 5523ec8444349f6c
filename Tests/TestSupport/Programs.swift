import Foundation
import Synchronization

/// The built `halamj-node` and `halamj-hub`, run as a user would run them.
public enum Programs {
    /// The folder of the test binary, where SwiftPM also puts the programs.
    public static let binDirectory: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            Bundle.main.bundleURL,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("halamj-node").path) }
            ?? candidates[0]
    }()

    public static func url(_ name: String) -> URL { binDirectory.appendingPathComponent(name) }

    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs one of our programs to its end, in `directory`, with a time limit.
    public static func run(
        _ name: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:],
        timeout: TimeInterval = 60
    ) throws -> Result {
        try runAbsolute(url(name).path, arguments, in: directory, environment: environment, timeout: timeout)
    }

    /// Runs any program by its path.
    public static func runAbsolute(
        _ path: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:],
        input: String? = nil, timeout: TimeInterval = 60
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "HALAMJ_DB")
        // Tests run under a systemd service still read the programs' plain lines.
        env.removeValue(forKey: "JOURNAL_STREAM")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        let deadline = Date().addingTimeInterval(timeout)
        // Read both pipes while it runs, so a chatty program never blocks on a full pipe.
        let collected = Mutex<(Data, Data)>((Data(), Data()))
        let group = DispatchGroup()
        for (index, pipe) in [out, err].enumerated() {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.withLock { if index == 0 { $0.0 = data } else { $0.1 = data } }
                group.leave()
            }
        }
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        group.wait()
        let (o, e) = collected.withLock { $0 }
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}

/// `halamj-hub serve` in the background.
public typealias ServedHub = ServedProgram

extension ServedProgram {
    /// `options` go after `--listen`; `standardError`, if given, is a file that takes what it logs.
    public convenience init(directory: URL, port: Int = 0, options: [String] = [], standardError: URL? = nil) throws {
        try self.init("halamj-hub", ["serve", "--listen", "127.0.0.1:\(port)"] + options, directory: directory, standardError: standardError)
    }
}

/// A program that serves HTTP (`halamj-hub serve`, `halamj-node serve`) running in the
/// background, stopped by the test; its first line says where it listens.
public final class ServedProgram {
    public let process = Process()
    public let port: Int

    /// Its stderr is discarded unless `standardError` names a file to write it to (made or emptied).
    public convenience init(_ name: String, _ arguments: [String], directory: URL, standardError: URL? = nil) throws {
        try self.init(executable: Programs.url(name), arguments, directory: directory, standardError: standardError)
    }

    /// Any build of the programs, e.g. one installed in /usr/bin.
    public init(executable: URL, _ arguments: [String], directory: URL, standardError: URL? = nil) throws {
        let name = executable.lastPathComponent
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "HALAMJ_DB")
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        if let standardError {
            _ = FileManager.default.createFile(atPath: standardError.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: standardError)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        // The first line says where it listens.
        var line = Data()
        let handle = out.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("listening on http://127.0.0.1:"),
              let port = Int(text.split(separator: ":").last!.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "\(name) said: \(text)"])
        }
        self.port = port
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    /// SIGTERM, then SIGKILL if it has not stopped within 10 s.
    public func stop() {
        if process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// `kill -9`: the program dies wherever it is, mid-transaction or mid-answer.
    public func crash() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// A program started in the background (its output discarded), to be killed or
/// waited for by the test.
public final class BackgroundProgram {
    public let process = Process()

    public init(_ name: String, _ arguments: [String], in directory: URL) throws {
        process.executableURL = Programs.url(name)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "HALAMJ_DB")
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// `kill -9` and reap.
    public func crash() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Waits up to `timeout` seconds for the end; kills it past that. Its exit status,
    /// nil when it had to be killed.
    public func wait(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            crash()
            return nil
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { crash() }
}
