import Foundation
import Synchronization
import HalamjHTTP

// Helpers of the live-server tests: a server on 127.0.0.1 port 0, stopped when the test ends.

let echo: @Sendable (HTTPRequest) throws -> HTTPResponse = { request in
    let query = request.query.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
    return .text("\(request.method) \(request.path) \(query) \(String(decoding: request.body, as: UTF8.self))")
}

func withServer(
    _ configure: (inout HTTPServerConfiguration) -> Void = { _ in },
    headCheck: HTTPServer.HeadCheck? = nil,
    handler: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse = echo,
    _ body: (HTTPServer, UInt16) throws -> Void
) throws {
    var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
    configure(&configuration)
    let server = HTTPServer(configuration: configuration, headCheck: headCheck, handler: handler)
    let port = try server.start()
    defer { server.stop() }
    try body(server, port)
}

/// Runs `work` on its own thread; the returned function waits (bounded) for its result.
func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) -> (Duration) -> T? {
    let result = Mutex<T?>(nil)
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        let value = try? work()
        result.withLock { $0 = value }
        done.signal()
    }
    return { timeout in
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return result.withLock { $0 }
    }
}
