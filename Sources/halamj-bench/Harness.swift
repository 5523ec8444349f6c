import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HubServer
import ReplicaStorage
import HubClient
import SyncModel

/// A hub in this process on 127.0.0.1, port 0. The rate limiter is off: the
/// benchmarks measure throughput, not the per-office request budget.
final class InProcessHub: Sendable {
    let store: ReplicaStore
    let hub: Hub
    let port: UInt16

    /// `compression` off: a hub that neither compresses nor offers gzip (to measure what it saves).
    init(path: String, compression: Bool = true) throws {
        store = try Hub.create(path: path, id: CaseFactory.hub)
        var configuration = HubConfiguration()
        configuration.port = 0
        configuration.ratePerSecond = 0
        configuration.compression = compression
        hub = Hub(store: store, configuration: configuration)
        port = try hub.start()
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    func addOffice(_ office: String) throws -> String {
        try OfficeRegistry(store: store).add(office, now: Clock.nowMillis())
    }

    func stop() { hub.stop() }
}

/// A soum node with its own SQLite file.
enum BenchNode {
    static func create(path: String, office: String, replica: String? = nil, hub: URL, token: String) throws -> ReplicaStore {
        let store = try ReplicaStore.create(
            path: path, replica: ReplicaID(replica ?? office)!, role: .node, office: office)
        try store.setUpstream(Upstream(url: hub, token: token))
        return store
    }

    static func client(_ store: ReplicaStore, batchSize: Int = SyncProtocol.defaultBatchSize) throws -> SyncClient {
        var configuration = SyncConfiguration()
        configuration.batchSize = batchSize
        return SyncClient(store: store, upstream: try store.upstream()!, configuration: configuration)
    }
}

/// A hub in a child process, so that its peak memory is its own: this program again,
/// as `halamj-bench --serve-hub <db>`, which serves like `halamj-hub serve` (the same
/// `Hub`, default configuration, port 0) and is always built from the same sources.
final class ChildHub {
    let process = Process()
    let port: UInt16
    private let output = Pipe()
    private let errors = Pipe()

    init(database: String) throws {
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["--serve-hub", database]
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // First line: "listening on http://127.0.0.1:PORT"
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let colon = text.lastIndex(of: ":"),
              let port = UInt16(text[text.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            let why = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw BenchError("the hub process said '\(text)' \(why)")
        }
        self.port = port
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Peak resident memory of the hub process so far (MiB).
    var peakMiB: Double? { Machine.memoryMiB("VmHWM", pid: String(process.processIdentifier)) }
    var residentMiB: Double? { Machine.memoryMiB("VmRSS", pid: String(process.processIdentifier)) }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()  // SIGTERM: the hub finishes requests in flight and exits
        process.waitUntilExit()
    }
}

/// `halamj-bench --serve-hub <db>`: what `halamj-hub serve --listen 127.0.0.1:0` does.
enum HubProcess {
    static func serve(database: String) -> Never {
        signal(SIGPIPE, SIG_IGN)
        let stop = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            sources.append(source)
        }
        do {
            var configuration = HubConfiguration()
            configuration.port = 0
            let hub = Hub(store: try Hub.open(path: database), configuration: configuration)
            let port = try hub.start()
            say("listening on http://127.0.0.1:\(port)")
            stop.wait()
            hub.stop()
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            exit(1)
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One bare HTTP GET, for the idle baseline.
func bareGet(_ session: URLSession, _ url: URL) async throws -> Int {
    let (data, response) = try await session.data(from: url)
    _ = data
    return (response as? HTTPURLResponse)?.statusCode ?? 0
}

func ephemeralSession() -> URLSession {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.httpMaximumConnectionsPerHost = 2
    configuration.urlCache = nil
    return URLSession(configuration: configuration)
}
