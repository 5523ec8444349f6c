import Foundation
import HalamjTestSupport
import ReplicaStorage
import LocalNode
import Testing
import WebAccess

/// `halamj-node user …` and `halamj-node serve` as the office's administrator runs them.
@Suite(.serialized) struct WebAppEndToEndTests {
    let dir = TemporaryDirectory()

    func node() throws -> URL {
        let soum = dir.url.appendingPathComponent("soum-4305")
        try FileManager.default.createDirectory(at: soum, withIntermediateDirectories: true)
        try ("soum-4305." + String(repeating: "a", count: 64)).write(to: soum.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        let made = try Programs.run("halamj-node", ["init", "--office", "soum-4305", "--hub", "http://127.0.0.1:9", "--token-file", "token"], in: soum)
        #expect(made.status == 0)
        return soum
    }

    @Test func users_AreAddedListedAndDisabled_WithClearRefusals() throws {
        let soum = try node()
        try "Нууц-үг-2026\n".write(to: soum.appendingPathComponent("pw"), atomically: true, encoding: .utf8)
        let added = try Programs.run("halamj-node", ["user", "add", "dolgor", "--password-file", "pw"], in: soum)
        #expect(added.status == 0, "\(added.stderr)")
        let again = try Programs.run("halamj-node", ["user", "add", "dolgor", "--password-file", "pw"], in: soum)
        #expect(again.status == 1 && again.stderr.contains("already exists"))
        try "short\n".write(to: soum.appendingPathComponent("short"), atomically: true, encoding: .utf8)
        let weak = try Programs.run("halamj-node", ["user", "add", "bat", "--password-file", "short"], in: soum)
        #expect(weak.status == 1 && weak.stderr.contains("at least 8"))
        let badName = try Programs.run("halamj-node", ["user", "add", "a b", "--password-file", "pw"], in: soum)
        #expect(badName.status == 1 && badName.stderr.contains("cannot be a user name"))
        // A password on standard input, as a script gives it.
        let piped = try Programs.runAbsolute(Programs.url("halamj-node").path, ["user", "add", "oyun"], in: soum, input: "another-password\n")
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(try Programs.run("halamj-node", ["user", "disable", "oyun"], in: soum).status == 0)
        let list = try Programs.run("halamj-node", ["user", "list", "--json"], in: soum)
        #expect(list.status == 0)
        #expect(list.stdout.contains("\"dolgor\"") && list.stdout.contains("\"oyun\""))
        #expect(!list.stdout.contains("pbkdf2"))  // hashes never leave the database
        let table = try Programs.run("halamj-node", ["user", "list"], in: soum)
        #expect(table.stdout.contains("хаасан (disabled)"))
        // What the web app logged (written here as it writes it) is listed by the CLI, newest first.
        let store = try NodeStore.open(path: soum.appendingPathComponent("halamj-node.db").path)
        try AccessLog(store: store).record(user: "dolgor", action: AccessLog.Action.viewCareCase, subject: "4305-2026-000007", now: 1_000)
        try AccessLog(store: store).record(user: "oyun", action: AccessLog.Action.viewCareCase, subject: "4305-2026-000009", now: 2_000)
        let log = try Programs.run("halamj-node", ["access-log", "--case", "4305-2026-000007"], in: soum)
        #expect(log.status == 0)
        #expect(log.stdout.contains("dolgor") && log.stdout.contains("4305-2026-000007") && !log.stdout.contains("oyun"))
        let all = try Programs.run("halamj-node", ["access-log", "--json"], in: soum)
        let dolgor = try #require(all.stdout.range(of: "dolgor")), oyun = try #require(all.stdout.range(of: "oyun"))
        #expect(oyun.lowerBound < dolgor.lowerBound)
    }

    @Test func serve_ListensOnLoopback_AnswersTheLoginPage_AndRefusesOtherAddresses() throws {
        let soum = try node()
        let remote = try Programs.run("halamj-node", ["serve", "--listen", "0.0.0.0:0"], in: soum)
        #expect(remote.status == 64)
        #expect(remote.stderr.contains("--allow-remote"))
        let served = try ServedProgram("halamj-node", ["serve", "--listen", "127.0.0.1:0"], directory: soum)
        defer { served.stop() }
        let client = try TestHTTPClient(port: UInt16(served.port))
        try client.send("GET /login HTTP/1.1\r\nHost: 127.0.0.1:\(served.port)\r\n\r\n")
        let login = try #require(try client.readResponse(timeout: .seconds(10)))
        #expect(login.status == 200)
        #expect(login.text.contains("halamj-node user add"))  // no user yet: it says how to make one
        let foreign = try Programs.run("halamj-node", ["serve", "--db", "/dev/null/x.db", "--listen", "127.0.0.1:0"], in: soum)
        #expect(foreign.status == 1)
    }
}
