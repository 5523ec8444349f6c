import Foundation
import Synchronization
import HalamjHTTP

/// A stand-in for the hub on 127.0.0.1 (port 0) that answers every request with bytes
/// the test chooses (a broken proxy, a captive portal, a hostile server): it reads one
/// request (head and Content-Length body), writes `answer(request)` as it is and closes.
/// Every wait is bounded; `stop()` ends the accept loop.
final class ScriptedAnswerServer: Sendable {
    struct Request: Sendable {
        let head: String
        let body: [UInt8]
        var isPush: Bool { head.hasPrefix("POST ") }
    }

    let port: UInt16
    private let listener: Socket
    private let answer: @Sendable (Request) -> [UInt8]
    private let state = Mutex((stopping: false, requests: 0))

    init(answer: @escaping @Sendable (Request) -> [UInt8]) throws {
        listener = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 16)
        port = try listener.localPort()
        self.answer = answer
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)")! }
    var requests: Int { state.withLock { $0.requests } }

    func stop() {
        state.withLock { $0.stopping = true }
        listener.shutdown()
    }

    deinit { listener.close() }

    private func acceptLoop() {
        while !state.withLock({ $0.stopping }) {
            guard (try? listener.wait(for: .readable, until: .now + .milliseconds(100))) == true else { continue }
            guard !state.withLock({ $0.stopping }), let connection = try? listener.accept() else { continue }
            Thread.detachNewThread { [self] in serve(connection) }
        }
    }

    private static func headEnd(_ buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        return (0...(buffer.count - 4)).first { buffer[$0] == 13 && buffer[$0 + 1] == 10 && buffer[$0 + 2] == 13 && buffer[$0 + 3] == 10 }
    }

    private func serve(_ connection: Socket) {
        defer { connection.close() }
        var buffer: [UInt8] = []
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if let end = Self.headEnd(buffer) {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                let length = head.lowercased().split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if buffer.count >= end + 4 + length {
                    state.withLock { $0.requests += 1 }
                    let bytes = answer(Request(head: head, body: Array(buffer[(end + 4)..<(end + 4 + length)])))
                    try? connection.send(bytes, until: .now + .seconds(5))
                    return
                }
            }
            guard (try? connection.wait(for: .readable, until: deadline)) == true,
                  case .received? = try? connection.receive(appendingTo: &buffer) else { return }
        }
    }
}
