import Foundation
import Testing
import HubServer
import ReplicaStorage
import CaseBooks
import LocalNode
import SyncModel
import LinkEmulation
import HalamjTestSupport

/// One soum office and its district hub, run as their programs (`halamj-hub serve`,
/// `halamj-node`), with an `EmulatedLink` between them: every byte of the node's requests
/// and the hub's answers crosses the slow loopback once, after the link's delay and cuts.
final class OfficeOnASlowLink {
    static let office = "soum-4305"
    let folder = TemporaryDirectory()
    let hubFolder: URL
    let nodeFolder: URL
    let hub: ServedHub
    let link: EmulatedLink

    init(shape: LinkShape = .thirtyTwoKilobits, behaviour: LinkBehaviour = .plain) throws {
        hubFolder = folder.url.appendingPathComponent("hub")
        nodeFolder = folder.url.appendingPathComponent(Self.office)
        for url in [hubFolder, nodeFolder] { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        try Self.expectSuccess(Programs.run("halamj-hub", ["init", "--id", "hub-43"], in: hubFolder))
        let token = try Self.expectSuccess(Programs.run("halamj-hub", ["office", "add", Self.office], in: hubFolder)).stdout
        try token.write(to: nodeFolder.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        hub = try ServedHub(directory: hubFolder)
        do {
            link = try EmulatedLink(to: UInt16(hub.port), shape: shape, behaviour: behaviour)
        } catch {
            hub.stop()
            throw error
        }
        try Self.expectSuccess(Programs.run(
            "halamj-node", ["init", "--office", Self.office, "--hub", link.url.absoluteString, "--token-file", "token"],
            in: nodeFolder))
    }

    /// Stops the hub and removes the link; every test calls it in a `defer`.
    func stop() {
        link.stop()
        hub.stop()
    }

    var proxy: LinkProxy { link.entry }

    var nodeDatabase: String { nodeFolder.appendingPathComponent("halamj-node.db").path }
    var hubDatabase: String { hubFolder.appendingPathComponent("halamj-hub.db").path }

    @discardableResult
    static func expectSuccess(_ result: Programs.Result, sourceLocation: SourceLocation = #_sourceLocation) throws -> Programs.Result {
        guard result.status == 0 else {
            Issue.record("exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
            throw LinkEmulationError(result.stderr)
        }
        return result
    }

    // MARK: - The node

    /// `halamj-node <arguments>` in the node's folder, to its end (killed after `timeout`).
    func node(_ arguments: [String], timeout: TimeInterval) throws -> Programs.Result {
        try Programs.run("halamj-node", arguments, in: nodeFolder, timeout: timeout)
    }

    /// `halamj-node <arguments>` in the background; its output goes to `<name>.out` and
    /// `<name>.err` in the node's folder.
    func startNode(_ arguments: [String], name: String) throws -> Process {
        let process = Process()
        process.executableURL = Programs.url("halamj-node")
        process.arguments = arguments
        process.currentDirectoryURL = nodeFolder
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "HALAMJ_DB")
        process.environment = environment
        for (suffix, assign) in [("out", { process.standardOutput = $0 }), ("err", { process.standardError = $0 })] as [(String, (FileHandle) -> Void)] {
            let path = nodeFolder.appendingPathComponent("\(name).\(suffix)").path
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            assign(try FileHandle(forWritingTo: URL(fileURLWithPath: path)))
        }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// What a program started with `startNode` wrote so far to standard output and error.
    func output(of name: String) -> (out: String, err: String) {
        func read(_ suffix: String) -> String {
            (try? String(contentsOf: nodeFolder.appendingPathComponent("\(name).\(suffix)"), encoding: .utf8)) ?? ""
        }
        return (read("out"), read("err"))
    }

    /// A sync of one small case, as an office that synced before has had: the node has
    /// learnt that this hub takes gzip (the very first push to a hub goes uncompressed).
    func syncOnce() throws {
        _ = try openCases(1, startingAt: 1_000_000)
        let result = try node(["sync"], timeout: 60)
        try Self.expectSuccess(result)
    }

    /// Opens `count` cases at the node from this process, through `CaseBook` as the
    /// command line does (a process per case would take minutes); each with its own name,
    /// register number, phone and address, as a soum office writes them. Their numbers.
    func openCases(_ count: Int, startingAt first: Int = 0) throws -> [String] {
        let store = try NodeStore.open(path: nodeDatabase)
        let book = CaseBook(store: store)
        return try (first..<(first + count)).map { index in
            let applicant = Applicant(index)
            return try book.open(
                service: applicant.service, registerNumber: applicant.registerNumber, name: applicant.name,
                fields: ["phone": applicant.phone, "address": applicant.address]).number
        }
    }

    /// The node's cases and how many records wait to be sent.
    func nodeState() throws -> (cases: [CaseView], pending: Int) {
        let store = try NodeStore.open(path: nodeDatabase)
        return (try CaseBook(store: store).list(), try store.status().pendingCount)
    }

    // MARK: - The hub

    /// What the hub holds for the office, read from its database.
    func hubState() throws -> (cases: [CaseView], office: Office, pushes: [SyncEvent]) {
        let store = try Hub.open(path: hubDatabase)
        let office = try #require(try OfficeRegistry(store: store).office(Self.office))
        let pushes = try SyncHistory.events(store, office: Self.office, limit: SyncHistory.retained).filter { $0.kind == .push }
        return (try CaseBook(store: store).list(office: Self.office), office, pushes)
    }

    // MARK: - Measuring

    /// One program run and what it cost the link.
    struct Measured {
        let result: Programs.Result
        let seconds: Double
        /// Everything tbf let through: both directions, TCP/IP headers and acknowledgements.
        let onTheLink: ShaperCounters
        /// The HTTP bytes between the node and the proxy (heads and bodies).
        let http: LinkProxy.Traffic
        /// TCP segments sent on the link, and of those sent again.
        let segments: (sent: Int, retransmitted: Int)
        /// The node's requests (a connection each) as the link saw them.
        let requests: [LinkProxy.ConnectionRecord]
        let shape: LinkShape

        /// The share of the elapsed time the link needed for what crossed it. tbf lets its
        /// burst through at once when the run starts; that much is counted out.
        var linkUtilisation: Double { shape.seconds(for: onTheLink.bytes - shape.burstBytes) / seconds }
        /// The same for the HTTP bytes alone (TCP/IP's own bytes count as waste here).
        var httpUtilisation: Double { shape.seconds(for: http.total) / seconds }

        var summary: String {
            "\(String(format: "%.1f", seconds)) s; on the link \(onTheLink.bytes) B in \(onTheLink.packets) packets "
                + "(\(onTheLink.dropped) dropped; \(segments.sent) TCP segments, \(segments.retransmitted) sent twice), "
                + "\(String(format: "%.0f", linkUtilisation * 100)) % of the link; "
                + "HTTP \(http.up) B up + \(http.down) B down, \(String(format: "%.0f", httpUtilisation * 100)) %; "
                + "\(requests.count) requests:\n  " + requests.map(\.description).joined(separator: "\n  ")
        }
    }

    /// `halamj-node <arguments>`, with the seconds it took and what crossed the link.
    func measure(_ arguments: [String], timeout: TimeInterval) throws -> Measured {
        let counters = try link.shaperCounters()
        let segments = try link.namespace.tcpSegments()
        let traffic = proxy.traffic
        let ended = proxy.endedConnections.count
        let started = ContinuousClock.now
        let result = try node(arguments, timeout: timeout)
        let seconds = (ContinuousClock.now - started).seconds
        proxy.waitForConnectionsToEnd()
        let segmentsAfter = try link.namespace.tcpSegments()
        return Measured(
            result: result, seconds: seconds, onTheLink: try link.shaperCounters() - counters, http: proxy.traffic - traffic,
            segments: (segmentsAfter.sent - segments.sent, segmentsAfter.retransmitted - segments.retransmitted),
            requests: Array(proxy.endedConnections.dropFirst(ended)), shape: link.shape)
    }
}

/// An applicant made from a number: Mongolian names, a valid register number, a phone and
/// an address that differ from case to case.
struct Applicant {
    static let givenNames = ["Батбаяр", "Энхтуяа", "Оюунчимэг", "Ганбаатар", "Сарангэрэл", "Мөнхбат", "Нарантуяа", "Төмөрбаатар",
                             "Үүрцайх", "Болормаа", "Эрдэнэбилэг", "Хонгорзул", "Цэцэгмаа", "Дорж", "Алтанцэцэг", "Сүхбат"]
    static let familyNames = ["Бат", "Дорж", "Сүхбаатар", "Гантулга", "Очир", "Пүрэв", "Жаргал", "Өлзий", "Баяр", "Нямдорж", "Лхагва"]
    static let soums = ["Сүхбаатар", "Мандал", "Шаамар", "Ерөө", "Түшиг", "Цагааннуур", "Баруунбүрэн", "Хүдэр", "Орхон"]
    static let letters = Array("АБВГДЕЖЗИКЛМНОӨПРСТУҮФХЦЧШЭЮЯ")
    static let services: [Service] = [.childCareAllowance, .singleParentAllowance, .elderlyAgeGift, .careElderly, .welfarePension]

    let service: Service
    let registerNumber: RegisterNumber
    let name: String
    let phone: String
    let address: String

    init(_ index: Int) {
        var random = SplitMix64(seed: UInt64(index) &+ 0x51_0711)
        func below(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
        service = Self.services[index % Self.services.count]
        let rd = String(Self.letters[below(Self.letters.count)]) + String(Self.letters[below(Self.letters.count)])
            + String(format: "%02d%02d%02d%02d", 50 + below(50), 1 + below(12), 1 + below(28), below(100))
        registerNumber = try! RegisterNumber.parse(rd)
        name = "\(Self.familyNames[below(Self.familyNames.count)]) \(Self.givenNames[below(Self.givenNames.count)])"
        phone = String(88_000_000 + below(11_999_999))
        address = "Сэлэнгэ аймаг, \(Self.soums[below(Self.soums.count)]) сум, \(1 + below(9))-р баг, \(1 + below(40))-р гудамж \(1 + below(120))"
    }
}
