import Foundation
import LinkEmulation
import CaseBooks
import HubClient
import ReplicaStorage
import SyncModel

/// 11. scans (issue 20): what scans cost a sync, and how fast they move on a slow link.
///
/// Bytes: a round with nothing new, at an office whose 40 scans all went up before,
/// against the same round at an office that never attached one (both through a counting
/// relay on loopback): scans must cost such a round nothing.
///
/// Time: 50 MB of scans (`--quick` 5 MB), attached to cases and sent in one round over an
/// emulated link (`EmulatedLink`: tbf in a network namespace; root and iproute2, else
/// skipped with the reason), against the link's own time for the scans' bytes: how much
/// of the link the pieces use, and how many bytes crossed it for each byte of scan. The
/// link is 4 Mbit/s (`--quick` 1 Mbit/s): 50 MB at 32 kbit/s is three and a half hours;
/// the pieces' overhead is the same share at any rate, and each request is sized to take
/// about 8 seconds whatever the rate.
enum ScanBench {
    static let office = "soum-4305"

    static func run(_ folder: WorkFolder, quick: Bool) async throws -> BenchResult {
        let dir = try folder.folder("scans")
        defer { folder.remove("scans") }
        progress("scans: a round with nothing new, with and without 40 scans sent before")
        let idle = try await idleRound(dir: dir + "/idle")
        say("scans: a round with nothing new moves \(idle.withScans.up) B up and \(idle.withScans.down) B down at an office with 40 scans sent before, \(idle.without.up) and \(idle.without.down) at one without")
        var details: [String: Double] = [
            "idleWithScansUp": Double(idle.withScans.up), "idleWithScansDown": Double(idle.withScans.down),
            "idleWithoutUp": Double(idle.without.up), "idleWithoutDown": Double(idle.without.down),
        ]
        let idleNote = "a round with nothing new: \(idle.withScans.total) B with 40 scans sent before, \(idle.without.total) B without any"
        if let reason = LinkNamespace.unavailableReason() {
            say("scans: the transfer over an emulated link skipped: \(reason)")
            return BenchResult(
                name: "scans", value: Double(idle.withScans.total), unit: "B a round with nothing new", baseline: Double(idle.without.total),
                baselineUnit: "B the same round without scans", ratio: Double(idle.withScans.total) / Double(idle.without.total),
                goal: "≤ 1.01", goalMet: Double(idle.withScans.total) <= Double(idle.without.total) * 1.01, details: details,
                notes: "[\(idleNote); transfer skipped: \(reason)]")
        }
        let megabytes = quick ? 5 : 50
        let shape = LinkShape(bitsPerSecond: quick ? 1_000_000 : 4_000_000, burstBytes: 16 * 1024)
        progress("scans: \(megabytes) MB of scans over an emulated \(shape)")
        let transfer = try await transfer(megabytes: megabytes, shape: shape, dir: dir + "/transfer")
        details["transferSeconds"] = transfer.seconds
        details["transferLinkSeconds"] = transfer.payloadSeconds
        details["transferScanBytes"] = Double(transfer.scanBytes)
        details["transferLinkBytes"] = Double(transfer.linkBytes)
        details["transferHTTPUp"] = Double(transfer.http.up)
        details["transferHTTPDown"] = Double(transfer.http.down)
        details["transferRequests"] = Double(transfer.requests)
        let utilisation = transfer.payloadSeconds / transfer.seconds
        return BenchResult(
            name: "scans", value: transfer.seconds, unit: "s for \(megabytes) MB of scans", baseline: transfer.payloadSeconds,
            baselineUnit: "s (the link's own time for the scans' bytes)", ratio: utilisation, goal: "≥ 0.80",
            goalMet: utilisation >= 0.8, details: details,
            notes: "[\(transfer.files) scans, \(Format.grouped(Int64(transfer.scanBytes))) B over \(shape) in \(transfer.requests) requests: "
                + "\(Format.grouped(Int64(transfer.linkBytes))) B on the link (\(Format.ratio(Double(transfer.linkBytes) / Double(transfer.scanBytes))) × the scans), "
                + "HTTP \(Format.grouped(Int64(transfer.http.up))) up and \(Format.grouped(Int64(transfer.http.down))) down; \(idleNote)]")
    }

    /// Random bytes behind a PDF header: scans do not compress, and neither do these.
    static func scan(_ size: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        var bytes = Array("%PDF-1.4\n".utf8)
        bytes.reserveCapacity(size)
        while bytes.count < size {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            withUnsafeBytes(of: state) { bytes.append(contentsOf: $0) }
        }
        return Array(bytes.prefix(size))
    }

    /// Opens a case and attaches `count` scans of `size` bytes to its checklist.
    static func attach(_ count: Int, size: Int, to store: ReplicaStore, seed: UInt64) throws {
        let book = CaseBook(store: store)
        let service = Service.careElderly
        let documents = Checklists.documents(for: service, stage: .soum).map(\.id)
        var number = ""
        for index in 0..<count {
            if index % documents.count == 0 {
                number = try book.open(service: service, registerNumber: try RegisterNumber.parse("УБ45010112"), name: "Дорж",
                                       fields: [CareCategory.field: "elderly_without_support"]).number
            }
            try book.attach(number, document: documents[index % documents.count], bytes: scan(size, seed: seed &+ UInt64(index)),
                            name: "scan-\(index).pdf", files: ContentStore.beside(database: store.path))
        }
    }

    static func idleRound(dir: String) async throws -> (withScans: LinkProxy.Traffic, without: LinkProxy.Traffic) {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let hub = try InProcessHub(path: dir + "/hub.db")
        defer { hub.stop() }
        let proxy = try LinkProxy(upstreamPort: hub.port)
        defer { proxy.stop() }
        var result: [LinkProxy.Traffic] = []
        for (index, scans) in [40, 0].enumerated() {
            let office = "soum-430\(5 + index)"
            let node = try BenchNode.create(path: dir + "/\(office).db", office: office, hub: proxy.url, token: try hub.addOffice(office))
            // The same cases at both offices; one of them with scans.
            try attach(scans, size: 100_000, to: node, seed: 1)
            if scans == 0 {
                _ = try CaseBook(store: node).open(service: .careElderly, registerNumber: try RegisterNumber.parse("УБ45010112"), name: "Дорж",
                                                   fields: [CareCategory.field: "elderly_without_support"])
            }
            for _ in 0..<2 { _ = try await BenchNode.client(node).syncRound() }
            guard try node.filesWaiting().count == 0 else { throw BenchError("scans: files still waiting after two rounds") }
            let before = proxy.traffic
            _ = try await BenchNode.client(node).syncRound()
            result.append(proxy.traffic - before)
        }
        return (result[0], result[1])
    }

    struct Transfer {
        let seconds: Double
        let payloadSeconds: Double
        let files: Int
        let scanBytes: Int
        let linkBytes: Int
        let http: LinkProxy.Traffic
        let requests: Int
    }

    static func transfer(megabytes: Int, shape: LinkShape, dir: String) async throws -> Transfer {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        LinkNamespace.removeAbandoned(prefix: "halamj-bench")
        let hub = try InProcessHub(path: dir + "/hub.db")
        defer { hub.stop() }
        let token = try hub.addOffice(office)
        let link = try EmulatedLink(to: hub.port, shape: shape, prefix: "halamj-bench")
        defer { link.stop() }
        let node = try BenchNode.create(path: dir + "/node.db", office: office, hub: link.url, token: token)
        // Scans of 0.5 to 3 MB, as a phone photo reduced or a multi-page PDF.
        let sizes = [2_500_000, 800_000, 1_600_000, 600_000, 3_000_000, 1_200_000, 500_000]
        var total = 0, count = 0
        let book = CaseBook(store: node)
        let documents = Checklists.documents(for: .careElderly, stage: .soum).map(\.id)
        var number = ""
        while total < megabytes * 1_000_000 {
            let size = sizes[count % sizes.count]
            if count % documents.count == 0 {
                number = try book.open(service: .careElderly, registerNumber: try RegisterNumber.parse("УБ45010112"), name: "Дорж",
                                       fields: [CareCategory.field: "elderly_without_support"]).number
            }
            try book.attach(number, document: documents[count % documents.count], bytes: scan(size, seed: UInt64(count) &+ 77),
                            name: "scan-\(count).pdf", files: ContentStore.beside(database: node.path))
            total += size
            count += 1
        }
        // The cases go up first (not timed): what is timed is the scans alone.
        var configuration = SyncConfiguration()
        configuration.maxFileBytes = 0
        _ = try await SyncClient(store: node, upstream: try node.upstream()!, configuration: configuration).syncRound()
        let counters = try link.shaperCounters()
        let traffic = link.entry.traffic
        var report = SyncReport()
        let client = try BenchNode.client(node)
        let elapsed = try await seconds { report = try await client.syncRound() }
        guard report.filesSent == count, report.fileBytesSent == total else {
            throw BenchError("scans: sent \(report.filesSent) of \(count) files, \(report.fileBytesSent) of \(total) bytes")
        }
        link.entry.waitForConnectionsToEnd()
        let crossed = try link.shaperCounters() - counters
        return Transfer(
            seconds: elapsed, payloadSeconds: shape.seconds(for: total), files: count, scanBytes: total, linkBytes: crossed.bytes,
            http: link.entry.traffic - traffic, requests: report.fileRequests + report.pushBatches + report.pullBatches)
    }
}
