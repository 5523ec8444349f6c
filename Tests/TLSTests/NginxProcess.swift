import Foundation
import HalamjHTTP
import HalamjTestSupport

/// A real nginx (Debian's package) running deploy/nginx/halamj-hub.conf on 127.0.0.1 at a
/// free port, its pid, logs and temporary files in a temporary folder; stopped by `stop()`
/// or when released.
final class NginxProcess: @unchecked Sendable {
    static let program = "/usr/sbin/nginx"
    static let startTimeout: Duration = .seconds(10)
    static let stopTimeout: Duration = .seconds(10)

    let folder = TemporaryDirectory()
    let port: UInt16
    private let process = Process()

    struct NotStarted: Error, CustomStringConvertible {
        let log: String
        var description: String { "nginx did not start: \(log)" }
    }

    /// `expired`: nginx shows the hub's certificate that ran out in 2024 instead of the valid one.
    init(hubPort: UInt16, certificates: TestCertificates, expired: Bool = false) throws {
        // The kernel's pick, free once the probe closes; nginx binds it a moment later.
        let probe = try Socket.bound(host: "127.0.0.1", port: 0)
        port = try probe.localPort()
        probe.close()
        for temporary in ["body", "proxy", "fastcgi", "uwsgi", "scgi"] {
            try FileManager.default.createDirectory(atPath: folder.path(temporary), withIntermediateDirectories: true)
        }
        let server = try NginxConfiguration.server(
            port: port, hubPort: hubPort, certificate: expired ? certificates.expiredHubCertificate : certificates.hubCertificate,
            key: certificates.hubKey)
        try server.write(toFile: folder.path("halamj-hub.conf"), atomically: true, encoding: .utf8)
        try NginxConfiguration.main(folder: folder.url.path)
            .write(toFile: folder.path("nginx.conf"), atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: Self.program)
        // -e: errors before the configuration is read go here too, not to /var/log/nginx.
        process.arguments = ["-p", folder.url.path, "-c", folder.path("nginx.conf"), "-e", folder.path("error.log")]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + Self.startTimeout
        while ContinuousClock.now < deadline, process.isRunning {
            if let socket = try? Socket.connect(host: "127.0.0.1", port: port) {
                socket.close()
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        stop()
        throw NotStarted(log: errorLog)
    }

    var url: URL { URL(string: "https://127.0.0.1:\(port)")! }

    /// nginx's access log: one line a request it answered, with its status.
    var accessLog: [String] {
        ((try? String(contentsOfFile: folder.path("access.log"), encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init)
    }

    var errorLog: String { (try? String(contentsOfFile: folder.path("error.log"), encoding: .utf8)) ?? "" }

    /// SIGTERM (nginx's fast shutdown: the master stops its workers and exits), waited for;
    /// SIGKILL if it has not exited in time.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + Self.stopTimeout
        while process.isRunning, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}
