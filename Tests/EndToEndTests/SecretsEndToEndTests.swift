import Foundation
import Synchronization
import Testing
import HalamjHTTP

/// Issue 13's trust boundary, through the built programs: files that hold tokens are
/// the owner's alone, a token never crosses the network in clear or to an address the
/// office did not give, and administrators' tokens can be listed, rotated and revoked.
@Suite(.serialized) struct SecretsEndToEndTests {
    let dir = TemporaryDirectory()

    /// Runs a program with umask 000, so that only the program's own care keeps a file private.
    func runUnmasked(_ name: String, _ arguments: [String], in directory: URL) throws -> Programs.Result {
        try Programs.runAbsolute("/bin/sh", ["-c", "umask 000 && exec \"$0\" \"$@\"", Programs.url(name).path] + arguments,
                                 in: directory)
    }

    func mode(_ url: URL, _ name: String) -> mode_t {
        var info = stat()
        guard stat(url.appendingPathComponent(name).path, &info) == 0 else { return 0 }
        return info.st_mode & 0o777
    }

    func writeToken(_ token: String, in folder: URL, name: String = "token") throws {
        try token.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    static let anyToken = "soum-4305.\(String(repeating: "0", count: 64))"

    @Test func databasesBackupsAndRestores_MadeByThePrograms_AreTheOwnersAlone_WhateverTheUmask() throws {
        let hub = try dir.folder("hub"), soum = try dir.folder("soum")
        #expect(try runUnmasked("halamj-hub", ["init", "--id", "hub-43"], in: hub).status == 0)
        #expect(try runUnmasked("halamj-hub", ["backup", "hub.bak"], in: hub).status == 0)
        #expect(try runUnmasked("halamj-hub", ["restore", "hub.bak", "--db", "restored.db"], in: hub).status == 0)
        for file in ["halamj-hub.db", "hub.bak", "restored.db"] {
            #expect(mode(hub, file) == 0o600, "\(file): \(String(mode(hub, file), radix: 8))")
        }

        try writeToken(Self.anyToken, in: soum)
        #expect(try runUnmasked("halamj-node", ["init", "--office", "soum-4305", "--hub", "http://127.0.0.1:1", "--token-file", "token"], in: soum).status == 0)
        #expect(try runUnmasked("halamj-node", ["backup", "node.bak"], in: soum).status == 0)
        #expect(try runUnmasked("halamj-node", ["restore", "node.bak", "--db", "restored.db"], in: soum).status == 0)
        // A restore in place of a more open file replaces it with a private one.
        try FileManager.default.copyItem(at: soum.appendingPathComponent("node.bak"), to: soum.appendingPathComponent("open.db"))
        chmod(soum.appendingPathComponent("open.db").path, 0o644)
        #expect(try runUnmasked("halamj-node", ["restore", "node.bak", "--db", "open.db", "--force"], in: soum).status == 0)
        // `backup --force` over an existing file, too.
        chmod(soum.appendingPathComponent("node.bak").path, 0o644)
        #expect(try runUnmasked("halamj-node", ["backup", "node.bak", "--force"], in: soum).status == 0)
        for file in ["halamj-node.db", "node.bak", "restored.db", "open.db"] {
            #expect(mode(soum, file) == 0o600, "\(file): \(String(mode(soum, file), radix: 8))")
        }
    }

    @Test func anExistingDatabase_KeepsItsMode_AndOpeningItSaysNothingAboutIt() throws {
        let soum = try dir.folder("soum-open")
        try writeToken(Self.anyToken, in: soum)
        #expect(try Programs.run("halamj-node", ["init", "--office", "soum-4305", "--hub", "http://127.0.0.1:1", "--token-file", "token"], in: soum).status == 0)
        chmod(soum.appendingPathComponent("halamj-node.db").path, 0o640)
        let listed = try Programs.run("halamj-node", ["case", "list"], in: soum)
        #expect(listed.status == 0)
        #expect(listed.stderr.isEmpty, "\(listed.stderr)")
        #expect(mode(soum, "halamj-node.db") == 0o640)
    }

    @Test func plainHTTP_IsAcceptedToThisMachine_RefusedElsewhereWithoutInsecureHTTP_AndHTTPSAlways() throws {
        // Only the configuration is checked here: nothing is sent anywhere.
        for (index, hub) in ["http://127.0.0.1:8470", "http://127.3.2.1:8470", "http://[::1]:8470", "http://localhost:8470",
                             "https://hub43.example.mn", "https://10.0.0.5:8443"].enumerated() {
            let soum = try dir.folder("loopback-\(index)")
            try writeToken(Self.anyToken, in: soum)
            let made = try Programs.run("halamj-node", ["init", "--office", "soum-4305", "--hub", hub, "--token-file", "token"], in: soum)
            #expect(made.status == 0, "\(hub): \(made.stderr)")
            #expect(made.stderr.isEmpty, "no warning for \(hub): \(made.stderr)")
        }

        let soum = try dir.folder("plain")
        try writeToken(Self.anyToken, in: soum)
        let refused = try Programs.run("halamj-node", ["init", "--office", "soum-4305", "--hub", "http://example.org:8470", "--token-file", "token"], in: soum)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("Error: ") && refused.stderr.contains("--insecure-http"), "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1, "one line: \(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: soum.appendingPathComponent("halamj-node.db").path), "nothing made")

        let accepted = try Programs.run("halamj-node", ["init", "--office", "soum-4305", "--hub", "http://example.org:8470", "--token-file", "token", "--insecure-http"], in: soum)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stderr.hasPrefix("Warning: ") && accepted.stderr.contains("unencrypted"), "\(accepted.stderr)")
        let status = try Programs.run("halamj-node", ["status"], in: soum)
        #expect(status.stdout.contains("http://example.org:8470  ⚠"), "\(status.stdout)")

        // `config --hub` follows the same rule; a new address without the option drops the consent.
        let moved = try Programs.run("halamj-node", ["config", "--hub", "http://example.net"], in: soum)
        #expect(moved.status == 1 && moved.stderr.contains("--insecure-http"), "\(moved.stderr)")
        #expect(try Programs.run("halamj-node", ["config"], in: soum).stdout.contains("http://example.org:8470"), "unchanged")
        let secure = try Programs.run("halamj-node", ["config", "--hub", "https://hub43.example.mn"], in: soum)
        #expect(secure.status == 0 && secure.stderr.isEmpty, "\(secure.stderr)")
        let back = try Programs.run("halamj-node", ["config", "--hub", "http://127.0.0.1:8470"], in: soum)
        #expect(back.status == 0 && back.stderr.isEmpty, "\(back.stderr)")
        let insecure = try Programs.run("halamj-node", ["config", "--hub", "http://example.net", "--insecure-http"], in: soum)
        #expect(insecure.status == 0 && insecure.stderr.hasPrefix("Warning: "), "\(insecure.stderr)")
    }

    /// Answers every request with `status` and a Location on `target`, and records
    /// each request's Authorization header.
    final class Listener: Sendable {
        final class Seen: Sendable {
            private let values = Mutex<[String?]>([])
            func append(_ value: String?) { values.withLock { $0.append(value) } }
            var all: [String?] { values.withLock { $0 } }
        }

        let server: HTTPServer
        let port: UInt16
        let authorizations = Seen()

        init(redirectingTo target: UInt16? = nil, status: Int = 307) throws {
            let seen = authorizations
            server = HTTPServer { request in
                seen.append(request.headers["Authorization"])
                guard let target else { return .json(["error": "none"], status: 200) }
                return HTTPResponse(status: status, headers: [("Location", "http://127.0.0.1:\(target)\(request.target)")])
            }
            port = try server.start()
        }

        var url: String { "http://127.0.0.1:\(port)" }

        deinit { server.stop() }
    }

    @Test func aHubThatRedirects_NeverHasTheTokenForwarded_AndSyncFailsSayingSo() throws {
        let elsewhere = try Listener()
        let hub = try Listener(redirectingTo: elsewhere.port)
        let soum = try dir.folder("redirected")
        try writeToken(Self.anyToken, in: soum)
        #expect(try Programs.run("halamj-node", ["init", "--office", "soum-4305", "--hub", hub.url, "--token-file", "token"], in: soum).status == 0)

        // Nothing to push: a pull.
        let pull = try Programs.run("halamj-node", ["sync", "--retries", "1"], in: soum)
        #expect(pull.status == 1, "not 75: trying again will not help: \(pull.stderr)")
        #expect(pull.stderr.contains("the hub answered with a redirect to http://127.0.0.1:\(elsewhere.port)/"), "\(pull.stderr)")
        #expect(pull.stderr.contains("Halamj does not follow redirects with the token; set --hub to the new address"))

        // A case to push: the push batch meets the redirect too.
        #expect(try Programs.run("halamj-node", ["case", "new", "--service", "care-elderly", "--rd", "УБ45010112", "--name", "Дорж"], in: soum).status == 0)
        let push = try Programs.run("halamj-node", ["sync", "--retries", "1"], in: soum)
        #expect(push.status == 1, "\(push.stderr)")
        #expect(push.stderr.contains("the hub answered with a redirect to http://127.0.0.1:\(elsewhere.port)/v1/sync/push"), "\(push.stderr)")

        let sentToHub = hub.authorizations.all
        #expect(sentToHub.count == 2 && sentToHub.allSatisfy { $0 == "Bearer \(Self.anyToken)" }, "the hub itself was asked, with the token")
        let forwarded = elsewhere.authorizations.all
        #expect(forwarded.allSatisfy { $0 == nil }, "the token reached the redirect's target: \(forwarded)")
        #expect(forwarded.isEmpty, "nothing was sent to the redirect's target")
        let status = try Programs.run("halamj-node", ["status"], in: soum)
        #expect(status.stdout.contains("redirect"), "the last error says why: \(status.stdout)")
    }

    /// The status `GET /v1/status` gets with `token`, over a raw socket with deadlines.
    func statusCode(_ hub: ServedHub, token: String) throws -> Int? {
        let client = try TestHTTPClient(port: UInt16(hub.port))
        try client.send("GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n\r\n")
        return try client.readResponse()?.status
    }

    @Test func administratorsTokens_AreListedRotatedAndRevoked_TheOldOneRefusedAtOnce() throws {
        let hubDir = try dir.folder("hub-admins")
        #expect(try Programs.run("halamj-hub", ["init", "--id", "hub-43"], in: hubDir).status == 0)
        let first = try Programs.run("halamj-hub", ["admin", "add", "ops"], in: hubDir).stdout.trimmingCharacters(in: .newlines)
        #expect(try Programs.run("halamj-hub", ["admin", "add", "ci"], in: hubDir).status == 0)
        let served = try ServedHub(directory: hubDir)
        defer { served.stop() }
        #expect(try statusCode(served, token: first) == 200)

        let rotated = try Programs.run("halamj-hub", ["admin", "rotate", "ops"], in: hubDir)
        #expect(rotated.status == 0)
        let second = rotated.stdout.trimmingCharacters(in: .newlines)
        #expect(!second.isEmpty && !second.contains("\n") && second != first, "the new token alone on one line")
        #expect(try statusCode(served, token: first) == 401, "the old token is refused at once")
        #expect(try statusCode(served, token: second) == 200)

        let revoked = try Programs.run("halamj-hub", ["admin", "revoke", "ops"], in: hubDir)
        #expect(revoked.status == 0)
        #expect(try statusCode(served, token: second) == 401)

        let table = try Programs.run("halamj-hub", ["admin", "list"], in: hubDir)
        #expect(table.status == 0)
        #expect(table.stdout.hasPrefix("Нэр"), "Mongolian headers: \(table.stdout)")
        #expect(!table.stdout.contains(first) && !table.stdout.contains(second) && !table.stdout.contains("admin."), "never a token")
        let json = try Programs.run("halamj-hub", ["admin", "list", "--json"], in: hubDir)
        let admins = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(admins.compactMap { $0["name"] as? String } == ["ci", "ops"])
        let ops = try #require(admins.first { $0["name"] as? String == "ops" })
        #expect(ops["revokedAt"] is Int && ops["lastUsedAt"] is Int, "\(ops)")
        #expect(admins.first { $0["name"] as? String == "ci" }?["revokedAt"] == nil)
        #expect(!json.stdout.contains(first) && !json.stdout.contains(second))

        let audit = try Programs.run("halamj-hub", ["audit", "--json"], in: hubDir).stdout
        #expect(audit.contains("\"admin rotate\"") && audit.contains("\"admin revoke\""))
        let unknown = try Programs.run("halamj-hub", ["admin", "revoke", "nobody"], in: hubDir)
        #expect(unknown.status == 1 && unknown.stderr.hasPrefix("Error: no administrator nobody"), "\(unknown.stderr)")
        let usage = try Programs.run("halamj-hub", ["admin", "rotate"], in: hubDir)
        #expect(usage.status == 64 && usage.stderr.contains("Usage: halamj-hub admin rotate <name>"), "\(usage.stderr)")
        #expect(try Programs.run("halamj-hub", ["admin", "--help"], in: hubDir).stdout.contains("Сүүлд ашигласан (last used"))
    }

    @Test func anOfficeIdStartingWithHub_IsRefused() throws {
        let hubDir = try dir.folder("hub-offices")
        #expect(try Programs.run("halamj-hub", ["init", "--id", "hub-43"], in: hubDir).status == 0)
        let refused = try Programs.run("halamj-hub", ["office", "add", "hub-99"], in: hubDir)
        #expect(refused.status == 1)
        #expect(refused.stdout.isEmpty, "no token printed")
        #expect(refused.stderr.hasPrefix("Error: 'hub-99' starts with 'hub-'") && refused.stderr.contains("hub's authority"), "\(refused.stderr)")
        let listed = try Programs.run("halamj-hub", ["office", "list", "--json"], in: hubDir)
        #expect(!listed.stdout.contains("hub-99"))
    }
}
