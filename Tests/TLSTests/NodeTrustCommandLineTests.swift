import Foundation
import Testing
import HalamjTestSupport
import HubServer
import ReplicaStorage
import SyncModel

/// `halamj-node init|config --ca-file --pin` with the built programs, through the same
/// nginx: a wrong file or pin is refused before anything is made; the district's CA and
/// the hub's pin sync; another CA is refused at the next sync, in one line, nothing lost.
@Suite(.enabled(if: NginxRequirement.missing == nil, Comment(rawValue: NginxRequirement.missing ?? "")), .serialized)
struct NodeTrustCommandLineTests {
    @Test func theNodesTrust_IsSetByInitAndConfig_AndUsedByEverySync() throws {
        let setup = try NginxTLSTests.Setup()
        defer { setup.stop() }
        let soum = setup.directory.url.appendingPathComponent("soum")
        try FileManager.default.createDirectory(at: soum, withIntermediateDirectories: true)
        try setup.node.upstream()!.token.write(to: soum.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        let database = soum.appendingPathComponent("halamj-node.db").path
        let hub = setup.nginx.url.absoluteString
        let initWords = ["init", "--office", NginxTLSTests.office, "--hub", hub, "--token-file", "token"]

        // Mistakes leave no database behind.
        try "not a certificate".write(to: soum.appendingPathComponent("wrong.pem"), atomically: true, encoding: .utf8)
        let notPEM = try Programs.run("halamj-node", initWords + ["--ca-file", "wrong.pem"], in: soum)
        #expect(notPEM.status == 1 && notPEM.stderr.contains("holds no PEM certificate"), "\(notPEM.stderr)")
        let badPin = try Programs.run("halamj-node", initWords + ["--pin", "sha256//short"], in: soum)
        #expect(badPin.status == 1 && badPin.stderr.contains("is not a public-key pin"), "\(badPin.stderr)")
        #expect(!FileManager.default.fileExists(atPath: database))

        let made = try Programs.run(
            "halamj-node", initWords + ["--ca-file", setup.certificates.caCertificate, "--pin", setup.certificates.hubPin], in: soum)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try Programs.run("halamj-node", ["case", "new", "--service", "elderly-age-gift", "--rd", "УБ45010112", "--name", "Бат"],
                                 in: soum).status == 0)
        let synced = try Programs.run("halamj-node", ["sync", "--retries", "1"], in: soum)
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(setup.casesAtHub.count == 1)
        let shown = try Programs.run("halamj-node", ["config"], in: soum)
        #expect(shown.stdout.contains("CA \(setup.certificates.caCertificate)") && shown.stdout.contains("key pinned"), "\(shown.stdout)")

        // Another CA: refused at the next sync, in one line; the new case waits.
        #expect(try Programs.run("halamj-node", ["config", "--ca-file", setup.certificates.otherCACertificate, "--pin", "none"],
                                 in: soum).status == 0)
        #expect(try Programs.run("halamj-node", ["case", "new", "--service", "elderly-age-gift", "--rd", "УБ45010112", "--name", "Дорж"],
                                 in: soum).status == 0)
        // Even with retries: a refused certificate is not tried again, and is no "try later"
        // (exit 1, not 75): somebody must fix the office's trust or the hub's certificate.
        let refused = try Programs.run("halamj-node", ["sync", "--retries", "5"], in: soum)
        #expect(refused.status == 1, "\(refused.status): \(refused.stderr)")
        #expect(refused.stderr.contains("TLS: the hub's certificate was not accepted"), "\(refused.stderr)")
        #expect(refused.stderr.contains("nothing was sent") && refused.stderr.contains("--ca-file"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("run 'sync' again later"), "\(refused.stderr)")
        #expect(refused.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(setup.casesAtHub.count == 1)
        let status = try Programs.run("halamj-node", ["status", "--json"], in: soum)
        let parsed = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect(parsed?["pendingCount"] as? Int == 1)
        // `status` names the CA file the office trusts, beside the refusal.
        let table = try Programs.run("halamj-node", ["status"], in: soum).stdout
        #expect(table.contains("Итгэх CA (--ca-file)") && table.contains(setup.certificates.otherCACertificate), "\(table)")
        #expect(table.contains("TLS: the hub's certificate was not accepted"), "\(table)")

        // Back to the district's CA: everything goes.
        #expect(try Programs.run("halamj-node", ["config", "--ca-file", setup.certificates.caCertificate], in: soum).status == 0)
        #expect(try Programs.run("halamj-node", ["sync", "--retries", "1"], in: soum).status == 0)
        #expect(setup.casesAtHub.count == 2)
    }
}
