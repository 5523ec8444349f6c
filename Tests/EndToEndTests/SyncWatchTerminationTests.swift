import Foundation
import Testing

/// `halamj-node sync --watch` under systemd: `systemctl stop` sends SIGTERM, and the
/// loop must end at once with status 0, whether it waits between rounds or is in the
/// middle of one, and lose nothing (the next sync sends what was not acknowledged).
@Suite struct SyncWatchTerminationTests {
    let dir = TemporaryDirectory()

    /// `sync --watch` started in `soum`, its stdout and stderr going to files.
    final class Watch {
        let process = Process()
        let out: URL, err: URL

        init(in soum: URL, interval: Int) throws {
            out = soum.appendingPathComponent("watch.out")
            err = soum.appendingPathComponent("watch.err")
            for file in [out, err] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
            process.executableURL = Programs.url("halamj-node")
            process.arguments = ["sync", "--watch", "--interval", "\(interval)"]
            process.currentDirectoryURL = soum
            var environment = ProcessInfo.processInfo.environment
            environment.removeValue(forKey: "HALAMJ_DB")
            process.environment = environment
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            try process.run()
        }

        var stdout: String { (try? String(contentsOf: out, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOf: err, encoding: .utf8)) ?? "" }

        /// SIGTERM, as `systemctl stop` sends it; the seconds it took to exit, nil if it had
        /// not exited after 10 (then it is killed).
        func terminate() -> Double? {
            let started = ContinuousClock.now
            kill(process.processIdentifier, SIGTERM)
            guard eventually(within: .seconds(10), { !process.isRunning }) else {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return nil
            }
            process.waitUntilExit()
            let elapsed = ContinuousClock.now - started
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    func newCase(in soum: URL) throws -> String {
        try Programs.succeed("halamj-node", ["case", "new", "--service", "care-disabled", "--rd", "УБ80010112", "--name", "Бат"], in: soum)
            .trimmingCharacters(in: .newlines)
    }

    @Test func sigterm_BetweenRounds_EndsTheWaitAtOnce_WithStatus0() throws {
        let (hubDir, soum, hub) = try dir.servedOffice()
        defer { hub.stop() }
        let number = try newCase(in: soum)
        let watch = try Watch(in: soum, interval: 600)
        // The first round is over (its summary printed); the next is ten minutes away.
        #expect(eventually(within: .seconds(20)) { watch.stdout.contains("\n") }, "\(watch.stderr)")
        let seconds = try #require(watch.terminate(), "sync --watch did not stop within 10 s of SIGTERM")
        #expect(seconds < 2)
        #expect(watch.process.terminationReason == .exit, "killed by the signal instead of stopping")
        #expect(watch.process.terminationStatus == 0, "\(watch.stderr)")
        #expect(watch.stderr.contains("stopping"), "\(watch.stderr)")
        #expect(!watch.stderr.contains("Error"), "\(watch.stderr)")
        #expect(try Programs.succeed("halamj-hub", ["case", "list"], in: hubDir).contains(number))
    }

    @Test func sigterm_MidRequest_StopsWithin2Seconds_AndTheNextSyncSendsWhatWasInFlight() throws {
        let (hubDir, soum, hub) = try dir.servedOffice()
        defer { hub.stop() }
        // A hub that takes the push and never answers (a link that stalls): the round is
        // in the middle of its request when the stop comes.
        let stalled = try ScriptedAnswerServer { _ in
            Thread.sleep(forTimeInterval: 20)
            return Array("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n".utf8)
        }
        defer { stalled.stop() }
        try Programs.succeed("halamj-node", ["config", "--hub", stalled.url.absoluteString], in: soum)
        let number = try newCase(in: soum)
        let watch = try Watch(in: soum, interval: 600)
        #expect(eventually(within: .seconds(20)) { stalled.requests >= 1 }, "\(watch.stderr)")
        let seconds = try #require(watch.terminate(), "sync --watch did not stop within 10 s of SIGTERM")
        #expect(seconds < 2)
        #expect(watch.process.terminationReason == .exit, "killed by the signal instead of stopping")
        #expect(watch.process.terminationStatus == 0, "\(watch.stderr)")
        #expect(!watch.stderr.contains("Error"), "a stop is no failure: \(watch.stderr)")

        // Back on the real hub, one sync sends the case that was in flight.
        try Programs.succeed("halamj-node", ["config", "--hub", hub.url], in: soum)
        let sync = try Programs.run("halamj-node", ["sync"], in: soum)
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(try Programs.succeed("halamj-hub", ["case", "list"], in: hubDir).contains(number))
    }
}

/// `halamj-hub serve` and `halamj-node serve` under systemd: SIGTERM ends them with
/// status 0 (systemd counts anything else as a failure and may restart them).
@Suite struct ServeTerminationTests {
    let dir = TemporaryDirectory()

    @Test func sigterm_StopsBothServers_WithStatus0_AndAStoppingLine() throws {
        let (_, soum, hub) = try dir.servedOffice()
        let log = soum.appendingPathComponent("web.err")
        let web = try ServedProgram("halamj-node", ["serve", "--listen", "127.0.0.1:0"], directory: soum, standardError: log)
        for server in [hub, web] {
            let started = ContinuousClock.now
            server.stop()
            #expect(ContinuousClock.now - started < .seconds(3))
            #expect(server.process.terminationReason == .exit)
            #expect(server.process.terminationStatus == 0)
        }
        #expect(try String(contentsOf: log, encoding: .utf8).contains("stopping: finishing requests in flight"))
    }
}
