import Foundation
import Testing
@testable import HubServer
@testable import ReplicaStorage
@testable import HubClient
import LocalNode
import SyncModel

/// A broken or hostile answer (a captive portal, a broken proxy, a lying server) never
/// crashes the node: the sync ends with one line, as "try again later" (exit 75) or as a
/// refusal (exit 1), and every record stays here, dirty, for the next round.
@Suite struct HostileAnswerTests {
    let dir = TemporaryDirectory()

    /// A node with two dirty cases whose hub is at `url`, in a folder of its own.
    func node(at url: URL, in directory: TemporaryDirectory = TemporaryDirectory()) throws -> TestNode {
        let node = try TestNode(directory: directory, office: "soum-4305", hub: url, token: "soum-4305.secret")
        _ = try node.open("Бат", ["phone": "99112233"])
        _ = try node.open("Дорж", ["address": "3-р баг"])
        return node
    }

    func dirtyCount(_ node: TestNode) throws -> Int {
        try node.store.nextOutboundPush(limit: 1_000, now: Clock.nowMillis())?.count ?? 0
    }

    /// Syncs once with every push answered by `answer`; returns the error.
    func syncError(pushAnswer answer: String, batchSize: Int = 1) async throws -> SyncError {
        let server = try ScriptedAnswerServer { _ in Array(answer.utf8) }
        defer { server.stop() }
        let directory = TemporaryDirectory()
        let node = try node(at: server.url, in: directory)
        let before = try node.book.list(office: nil)
        var caught: SyncError?
        do {
            _ = try await node.sync(batchSize: batchSize)
        } catch let error as SyncError {
            caught = error
        }
        let error = try #require(caught, "the sync must fail")
        #expect(!error.description.contains("\n"), "one line: \(error)")
        #expect(try dirtyCount(node) == 2, "nothing acknowledged, nothing lost")
        #expect(try node.book.list(office: nil) == before)
        return error
    }

    @Test func aHugeContentLength_IsRefused_WithoutAllocatingIt() async throws {
        // Was: "failed to allocate 1000000000000031 bytes", the process aborted.
        let error = try await syncError(pushAnswer: "HTTP/1.1 200 OK\r\nContent-Length: 999999999999999\r\n\r\n{}")
        #expect(error.isTemporary)
        #expect(error.description.contains("larger than the limit"), "\(error)")
    }

    /// libcurl reads a length that starts with digits ("12abc", "5, 5") as that number, and
    /// the body is then cut short; a bad chunk size is a receive error to it: the sync is
    /// retried and ends as unreachable rather than as a bad answer. Either way: exit 75,
    /// one line, nothing lost.
    @Test func negativeOrNonNumericLengths_AndBadChunkSizes_AreTryAgainLater() async throws {
        for head in [
            "Content-Length: -1", "Content-Length: 12abc", "Content-Length: 5, 5", "Content-Length: 99999999999999999999999",
            "Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0", "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\nx",
            "Transfer-Encoding: chunked\r\n\r\nzz\r\nx", "Transfer-Encoding: chunked\r\n\r\n2\r\nhello\r\n0",
        ] {
            let error = try await syncError(pushAnswer: "HTTP/1.1 200 OK\r\n\(head)\r\n\r\n")
            switch error {
            case .badAnswer, .unreachable: #expect(error.isTemporary, "\(head)")
            default: Issue.record("\(head): \(error)")
            }
        }
    }

    @Test func htmlInsteadOfJSON_IsACaptivePortal_NotARefusal() async throws {
        let page = "<html><body>Please log in to the WiFi</body></html>"
        let error = try await syncError(pushAnswer: "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \(page.utf8.count)\r\n\r\n\(page)")
        #expect(error.isTemporary)
        #expect(error.description.contains("HTML instead of JSON"), "\(error)")
    }

    @Test func truncatedJSON_IsABadAnswer() async throws {
        let body = "{\"results\":[{\"id\":"
        let error = try await syncError(pushAnswer: "HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        guard case .badAnswer = error else { Issue.record("\(error)"); return }
        #expect(error.isTemporary)
    }

    @Test func a408_IsTryAgainLater_NeverARefusal() async throws {
        let body = #"{"error":"request-timeout","message":"the request took too long"}"#
        let error = try await syncError(pushAnswer: "HTTP/1.1 408 Request Timeout\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        #expect(error.isTemporary, "\(error)")
        #expect(error.description.hasPrefix(SyncError.unreachablePrefix))
    }

    @Test func a5xx_IsTryAgainLater_AndA4xxIsARefusal() async throws {
        let broken = try await syncError(pushAnswer: "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")
        #expect(broken.isTemporary, "\(broken)")
        let body = #"{"error":"forbidden","message":"out of scope"}"#
        let refused = try await syncError(pushAnswer: "HTTP/1.1 403 Forbidden\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        #expect(!refused.isTemporary, "\(refused)")
    }

    @Test func anEndlessBody_StopsAtTheLimit() async throws {
        let server = try ScriptedAnswerServer { _ in Array("HTTP/1.1 200 OK\r\n\r\n".utf8) + [UInt8](repeating: 0x61, count: 300_000) }
        defer { server.stop() }
        let node = try node(at: server.url, in: dir)
        var configuration = SyncConfiguration()
        configuration.maxAttempts = 1
        configuration.maximumAnswerBytes = 100_000
        await #expect { _ = try await SyncClient(store: node.store, upstream: try node.store.upstream()!, configuration: configuration).syncRound() } throws: {
            ($0 as? SyncError).map { $0.isTemporary && $0.description.contains("larger than the limit of 100000 bytes") } ?? false
        }
        #expect(try dirtyCount(node) == 2)
    }

    @Test func hostilePullAnswers_AreBadAnswers_AndLeaveTheNodeAsItWas() async throws {
        // Nothing to push: the round goes straight to the pull.
        for (index, answer) in [
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n<html></html>",
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{\"records\"",
        ].enumerated() {
            let server = try ScriptedAnswerServer { _ in Array(answer.utf8) }
            defer { server.stop() }
            let node = try TestNode(directory: dir, office: "soum-430\(index)", hub: server.url, token: "t")
            await #expect { _ = try await node.sync() } throws: {
                guard let error = $0 as? SyncError, case .badAnswer = error else { return false }
                return error.isTemporary && !error.description.contains("\n")
            }
            #expect(try node.store.pullCheckpoint() == 0)
        }
    }

    /// The built program: one line on stderr, exit 75 for "try again later", 1 for a refusal.
    @Test func halamjNodeSync_ExitsWith75OrWith1_AndOneLine() throws {
        let soum = dir.url.appendingPathComponent("soum")
        try FileManager.default.createDirectory(at: soum, withIntermediateDirectories: true)
        try "soum-4305.secret".write(to: soum.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        let refusal = #"{"error":"forbidden","message":"out of scope"}"#
        let tooOld = #"{"error":"protocol-version","message":"this hub speaks protocol 2, the node 1; update the older side"}"#
        let answers: [(String, Int32, String)] = [
            ("HTTP/1.1 200 OK\r\nContent-Length: 999999999999999\r\n\r\n", 75, "larger than the limit"),
            ("HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n", 75, "HTTP 408"),
            ("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>portal</html>", 75, "HTML instead of JSON"),
            ("HTTP/1.1 403 Forbidden\r\nContent-Length: \(refusal.utf8.count)\r\n\r\n\(refusal)", 1, "the hub refused (403 forbidden)"),
            // A hub of a newer release that no longer speaks this node's protocol: said plainly.
            ("HTTP/1.1 409 Conflict\r\nContent-Length: \(tooOld.utf8.count)\r\n\r\n\(tooOld)", 1, "the hub runs another version of Halamj (this hub speaks protocol 2, the node 1"),
        ]
        var initialised = false
        for (answer, status, words) in answers {
            let hub = try ScriptedAnswerServer { _ in Array(answer.utf8) }
            defer { hub.stop() }
            if !initialised {
                #expect(try Programs.run("halamj-node", ["init", "--office", "soum-4305", "--hub", hub.url.absoluteString, "--token-file", "token"], in: soum).status == 0)
                #expect(try Programs.run("halamj-node", ["case", "new", "--service", "elderly-age-gift", "--rd", "УБ45010112", "--name", "Бат"], in: soum).status == 0)
                initialised = true
            } else {
                #expect(try Programs.run("halamj-node", ["config", "--hub", hub.url.absoluteString], in: soum).status == 0)
            }
            let sync = try Programs.run("halamj-node", ["sync", "--retries", "1"], in: soum)
            #expect(sync.status == status, "\(answer.prefix(30)): \(sync.stderr)")
            #expect(sync.stderr.contains(words), "\(sync.stderr)")
            #expect(sync.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "\(sync.stderr)")
        }
        let store = try NodeStore.open(path: soum.appendingPathComponent("halamj-node.db").path)
        #expect(try store.nextOutboundPush(limit: 10, now: Clock.nowMillis())?.count == 1, "the case is still waiting to go")
    }
}
