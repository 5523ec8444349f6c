import Foundation

extension TemporaryDirectory {
    /// The folder `name` in this one, made if it is not there yet.
    public func folder(_ name: String) throws -> URL {
        let folder = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A district and one soum office set up through the built programs, as the README
    /// sets them up: `halamj-hub init --id hub-43` in the folder `hubFolder`, `office add
    /// <office>` with its token written to the file `token` in a folder named after the
    /// office, the hub served (`halamj-hub serve`), and `halamj-node init` of the office
    /// against it. The test stops the hub. A step that fails throws, with what it said.
    public func servedOffice(
        _ office: String = "soum-4305", hubFolder: String = "hub"
    ) throws -> (hubDir: URL, soum: URL, hub: ServedHub) {
        let hubDir = try folder(hubFolder), soum = try folder(office)
        try Programs.succeed("halamj-hub", ["init", "--id", "hub-43"], in: hubDir)
        let token = try Programs.succeed("halamj-hub", ["office", "add", office], in: hubDir)
        try token.write(to: soum.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        let hub = try ServedHub(directory: hubDir)
        try Programs.succeed("halamj-node", ["init", "--office", office, "--hub", hub.url, "--token-file", "token"], in: soum)
        return (hubDir, soum, hub)
    }
}

extension Programs {
    /// A program that ended with a status other than 0 where the test needed it to succeed.
    public struct Failure: Error, CustomStringConvertible {
        public let command: [String]
        public let result: Result

        public var description: String {
            "\(command.joined(separator: " ")) exited with \(result.status): \(result.stderr)"
        }
    }

    /// Runs one of our programs that must succeed: what it printed, or Failure.
    @discardableResult
    public static func succeed(_ name: String, _ arguments: [String], in directory: URL) throws -> String {
        let result = try run(name, arguments, in: directory)
        guard result.status == 0 else { throw Failure(command: [name] + arguments, result: result) }
        return result.stdout
    }
}
