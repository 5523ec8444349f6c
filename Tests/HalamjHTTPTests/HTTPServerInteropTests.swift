import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import Testing
import HalamjTestSupport
import SyncModel
@testable import HalamjHTTP

// A real client (URLSession, libcurl on Linux) and load beyond one connection, all on 127.0.0.1.
@Suite(.serialized) struct HTTPServerInteropTests {
    private static func server(_ configure: (inout HTTPServerConfiguration) -> Void = { _ in }) throws -> (HTTPServer, UInt16) {
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        configure(&configuration)
        let server = HTTPServer(configuration: configuration) { request in
            if request.path == "/fail" { throw HTTPError(409, "conflict", "Already there.") }
            return .json(["bytes": "\(request.body.count)", "since": request.query["since"] ?? ""])
        }
        return (server, try server.start())
    }

    @Test func urlSession_PostsABody_AndReadsJSON() async throws {
        let (server, port) = try Self.server()
        defer { server.stop() }
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/sync/push?since=7")!)
        request.httpMethod = "POST"
        request.httpBody = Data(repeating: 0x41, count: 100_000)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        #expect(http.statusCode == 200)
        #expect(http.value(forHTTPHeaderField: "Content-Type") == "application/json; charset=utf-8")
        #expect(try JSONDecoder().decode([String: String].self, from: data) == ["bytes": "100000", "since": "7"])
    }

    @Test func urlSession_ReadsTheErrorBody() async throws {
        let (server, port) = try Self.server()
        defer { server.stop() }
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/fail")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 409)
        #expect(try JSONDecoder().decode(ErrorBody.self, from: data) == ErrorBody(error: "conflict", message: "Already there."))
    }

    @Test func largeBody_ArrivesWhole_OverPartialReadsAndWrites() throws {
        let (server, port) = try Self.server()
        defer { server.stop() }
        let client = try TestHTTPClient(port: port)
        let size = 8 * 1024 * 1024
        try client.send("POST / HTTP/1.1\r\nContent-Length: \(size)\r\n\r\n")
        try client.send([UInt8](repeating: 0x61, count: size))
        let response = try #require(try client.readResponse(timeout: .seconds(20)))
        #expect(response.text == #"{"bytes":"\#(size)","since":""}"#)
    }

    @Test func concurrentClients_AreAllAnswered() throws {
        let (server, port) = try Self.server()
        defer { server.stop() }
        let clients = 16
        let requestsPerClient = 10
        let answered = Mutex(0)
        let group = DispatchGroup()
        for index in 0..<clients {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                guard let client = try? TestHTTPClient(port: port) else { return }
                for request in 0..<requestsPerClient {
                    guard (try? client.send("GET /?since=\(index * 100 + request) HTTP/1.1\r\n\r\n")) != nil,
                          let response = try? client.readResponse(),
                          response.text.contains(#""since":"\#(index * 100 + request)""#)
                    else { return }
                    answered.withLock { $0 += 1 }
                }
            }
        }
        #expect(group.wait(timeout: .now() + 30) == .success)
        #expect(answered.withLock { $0 } == clients * requestsPerClient)
    }
}
