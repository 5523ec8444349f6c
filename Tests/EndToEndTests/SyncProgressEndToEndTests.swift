import Foundation
import Testing
@testable import HubServer
import SyncModel

/// What the social worker sees of a sync on a slow link (issue 14, part 4): an estimate
/// before it, a progress line on a terminal while it runs, byte counts in `--json`.
@Suite struct SyncProgressEndToEndTests {
    let dir = TemporaryDirectory()

    /// A hub in this process and a node database with `count` new cases, for the CLI.
    func setUp(cases count: Int) throws -> (hub: TestHub, node: TestNode, db: String) {
        let hubStore = try Hub.create(path: dir.path("hub.db"), id: ReplicaID("hub-43")!)
        let token = try OfficeRegistry(store: hubStore).add("soum-4305", now: 1)
        let hub = try TestHub(store: hubStore)
        let node = try TestNode(directory: dir, office: "soum-4305", hub: hub.url, token: token)
        for index in 0..<count {
            _ = try node.open("Иргэн \(index)", ["phone": "\(99_000_000 + index * 7)", "address": "\(index % 9 + 1)-р баг, \(index) тоот"])
        }
        return (hub, node, dir.path("soum-4305.db"))
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    @Test func theEstimate_SaysWhatWouldGoUp_SendsNothing_AndMatchesWhatTheSyncThenSends() throws {
        let (hub, node, db) = try setUp(cases: 60)
        defer { hub.stop() }
        let shown = try Programs.run("halamj-node", ["sync", "--estimate", "--db", db], in: dir.url)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("Илгээх бичлэг (records to push):") && shown.stdout.contains("60 in 1+"), "\(shown.stdout)")
        #expect(shown.stdout.contains("at 32 kbit/s"), "\(shown.stdout)")
        let estimate = try json(try Programs.run("halamj-node", ["sync", "--estimate", "--json", "--db", db], in: dir.url).stdout)
        #expect(estimate["records"] as? Int == 60)
        #expect(estimate["compressed"] as? Bool == false, "the hub has not said it takes gzip yet")
        #expect(try node.store.waitingToPushCount() == 60, "an estimate sends nothing")
        #expect(try hub.cases(office: "soum-4305").isEmpty)

        let synced = try Programs.run("halamj-node", ["sync", "--json", "--db", db], in: dir.url)
        #expect(synced.status == 0, "\(synced.stderr)")
        let report = try json(synced.stdout)
        #expect(report["pushedRecords"] as? Int == 60)
        #expect(report["phase"] as? String == "done")
        let sent = try #require(report["bytesSent"] as? Int)
        let estimated = try #require(estimate["bytes"] as? Int)
        #expect(Double(sent) > Double(estimated) * 0.7 && Double(sent) < Double(estimated) * 1.3,
                "estimated \(estimated) B, sent \(sent) B")
        #expect((report["bytesReceived"] as? Int ?? 0) > 0)
        #expect(try hub.cases(office: "soum-4305").count == 60)

        // The hub said it takes gzip: the next estimate counts compressed bodies.
        for view in try node.book.list() { _ = try node.book.set(view.number, ["phone": "88\(view.number.suffix(6))"]) }
        let next = try json(try Programs.run("halamj-node", ["sync", "--estimate", "--json", "--db", db], in: dir.url).stdout)
        #expect(next["records"] as? Int == 60)
        #expect(next["compressed"] as? Bool == true)
        let compressed = try #require(next["bytes"] as? Int), plain = try #require(next["uncompressedBytes"] as? Int)
        #expect(compressed * 3 < plain, "gzip: \(compressed) B of \(plain) B")
    }

    @Test func nothingToPush_IsSaidSo() throws {
        let (hub, _, db) = try setUp(cases: 0)
        defer { hub.stop() }
        let shown = try Programs.run("halamj-node", ["sync", "--estimate", "--db", db], in: dir.url)
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("Илгээх зүйл алга (nothing to push)"), "\(shown.stdout)")
        let misuse = try Programs.run("halamj-node", ["sync", "--estimate", "--watch", "--db", db], in: dir.url)
        #expect(misuse.status == 64 && misuse.stderr.contains("--estimate"), "\(misuse.stderr)")
    }

    static let script = ["/usr/bin/script", "/bin/script"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: script != nil, "util-linux's script gives the program a terminal"))
    func onATerminal_AProgressLineRuns_ThenTheSummary_AndInAPipeOnlyTheSummary() throws {
        let (hub, node, db) = try setUp(cases: 30)
        defer { hub.stop() }
        let program = Programs.url("halamj-node").path
        let shown = try Programs.runAbsolute(Self.script!, ["-qec", "\(program) sync --db \(db)", "/dev/null"], in: dir.url)
        #expect(shown.status == 0, "\(shown.stdout)")
        // Shown as bytes move, a few times a second at most: here at least the first.
        #expect(shown.stdout.contains("\rИлгээж байна (pushing) ") && shown.stdout.contains("/30 · ↑ "), "\(shown.stdout.debugDescription)")
        #expect(shown.stdout.contains("\r\u{1B}[K"), "the progress line is cleared before the summary")
        #expect(shown.stdout.contains("илгээсэн (pushed) 30, татсан (pulled) 0"), "\(shown.stdout)")

        for view in try node.book.list() { _ = try node.book.set(view.number, ["note": "засвар"]) }
        let piped = try Programs.run("halamj-node", ["sync", "--db", db], in: dir.url)
        #expect(piped.status == 0)
        #expect(!piped.stderr.contains("\r") && !piped.stdout.contains("\r"), "no progress line in a pipe")
        #expect(piped.stdout.hasPrefix("илгээсэн (pushed) 30,"), "\(piped.stdout)")
        #expect(piped.stdout.contains(" ↑ ") && piped.stdout.contains(" ↓ "), "the summary carries the bytes: \(piped.stdout)")
    }
}
