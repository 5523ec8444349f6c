import Foundation
import LinkEmulation
import CaseBooks
import HubClient
import SyncModel

/// 7. slow-link (issue 14): what a sync costs on the wire, and how much of a 32 kbit/s
/// link a backlog's sync uses.
///
/// Bytes: HTTP heads and bodies through a counting relay on loopback, per new case and per
/// one-field edit, 300 at a time, both ways (pushed by the node, and pulled by it: new cases
/// by a second node of the office, edits made at the hub), with gzip and against a hub with
/// compression off. Two case shapes: as `halamj-node case new` opens them (service, name,
/// register number, phone, address) and the 15-field form of the other scenarios.
///
/// Time: a backlog of new cases (1,000; `--quick` 300) synced in one round over an
/// emulated 32 kbit/s link (`EmulatedLink`: tbf in a network namespace; needs root and
/// iproute2, else skipped with the reason), against the time the link itself needs for
/// what crossed it (tbf's count, TCP/IP included, its burst counted out): the ratio is the
/// link's utilisation.
enum SlowLinkBench {
    static let office = "soum-4305"
    static let batch = 300

    static func run(_ folder: WorkFolder, quick: Bool) async throws -> BenchResult {
        let dir = try folder.folder("slow-link")
        defer { folder.remove("slow-link") }

        var rows: [BytesRow] = []
        for shape in CaseShape.allCases {
            progress("slow-link: bytes per \(shape.rawValue) case and edit, gzip and plain")
            let gzip = try await bytes(shape: shape, compression: true, dir: dir + "/gzip-\(shape)")
            let plain = try await bytes(shape: shape, compression: false, dir: dir + "/plain-\(shape)")
            for (index, name) in Measurement.names.enumerated() {
                rows.append(BytesRow(shape: shape, what: name, gzip: gzip[index], plain: plain[index]))
            }
        }
        say("slow-link: bytes on the wire per record (HTTP heads and bodies, \(batch) at a time; up = node → hub, down = hub → node)")
        say("  " + "".padding(toLength: 44, withPad: " ", startingAt: 0) + "   gzip up   down   plain up   down   gzip/plain")
        for row in rows { say("  " + row.line) }

        var details: [String: Double] = [:]
        for row in rows {
            let key = row.key
            details[key + "GzipUp"] = row.gzip.up
            details[key + "GzipDown"] = row.gzip.down
            details[key + "PlainUp"] = row.plain.up
            details[key + "PlainDown"] = row.plain.down
        }
        let newCase = rows[0]
        let summary = "new case \(Format.number(newCase.gzip.total)) B with gzip, \(Format.number(newCase.plain.total)) B plain; "
            + "one-field edit \(Format.number(rows[2].gzip.total)) B, \(Format.number(rows[2].plain.total)) B (both ways, `case new` cases)"

        if let reason = LinkNamespace.unavailableReason() {
            say("slow-link: backlog over 32 kbit/s skipped: \(reason)")
            return BenchResult(
                name: "slow-link", value: newCase.gzip.total, unit: "B a new case", baseline: newCase.plain.total,
                baselineUnit: "B without gzip", ratio: newCase.gzip.total / newCase.plain.total, goal: "", goalMet: nil,
                details: details, notes: "[\(summary); backlog over 32 kbit/s skipped: \(reason)]")
        }

        let count = quick ? 300 : 1_000
        progress("slow-link: \(count) new cases over an emulated 32 kbit/s link")
        let backlog = try await backlog(count, dir: dir + "/backlog")
        for (key, value) in backlog.details { details[key] = value }
        say("slow-link: the backlog's requests as the link saw them:\n  " + backlog.requests.map(\.description).joined(separator: "\n  "))
        return BenchResult(
            name: "slow-link", value: backlog.seconds, unit: "s", baseline: backlog.linkSeconds,
            baselineUnit: "s (the link's own time for what crossed it)", ratio: backlog.linkSeconds / backlog.seconds,
            goal: "≥ 0.70", goalMet: backlog.linkSeconds / backlog.seconds >= 0.7, details: details,
            notes: "[\(Format.grouped(Int64(count))) new cases over \(LinkShape.thirtyTwoKilobits) in \(backlog.report.pushBatches) push and \(backlog.report.pullBatches) pull requests: "
                + "\(Format.grouped(Int64(backlog.onTheLink.bytes))) B on the link in \(backlog.segments) TCP segments (\(backlog.retransmitted) sent twice), of which HTTP \(Format.grouped(Int64(backlog.http.up))) up and \(Format.grouped(Int64(backlog.http.down))) down "
                + "(\(Format.number(Double(backlog.http.total) / Double(count))) B a case); \(summary)]")
    }

    // MARK: - Bytes

    /// Which cases: as the command line opens them, or the 15-field form.
    enum CaseShape: String, CaseIterable {
        case caseNew = "`case new`"
        case full = "15-field"

        /// The fields of case `index`: service, register number and name first.
        func fields(_ index: Int) -> (service: Service, rd: RegisterNumber, name: String, extra: [String: String]) {
            let all = Dictionary(uniqueKeysWithValues: CaseFactory.fields(index))
            let kept: Set<String> = self == .caseNew ? ["phone", "address"] : Set(all.keys).subtracting(["service", "rd", "name", "status"])
            return (Service(rawValue: all["service"]!)!, try! RegisterNumber.parse(all["rd"]!), all["name"]!,
                    all.filter { kept.contains($0.key) })
        }
    }

    /// Bytes each way per record of one measurement.
    struct PerRecord {
        var up: Double
        var down: Double
        var total: Double { up + down }
    }

    enum Measurement {
        static let names = ["new case, pushed", "new case, pulled by another node", "one-field edit, pushed", "one-field edit at the hub, pulled"]
    }

    struct BytesRow {
        let shape: CaseShape
        let what: String
        let gzip: PerRecord
        let plain: PerRecord

        var key: String {
            let words = (shape == .caseNew ? "caseNew " : "full ") + what
            return words.split(whereSeparator: { !$0.isLetter }).enumerated()
                .map { $0.offset == 0 ? $0.element.lowercased() : $0.element.prefix(1).uppercased() + $0.element.dropFirst().lowercased() }
                .joined()
        }

        var line: String {
            func column(_ value: Double, _ width: Int) -> String {
                let text = Format.number(value)
                return String(repeating: " ", count: max(0, width - text.count)) + text
            }
            let label = "\(shape.rawValue) \(what)".padding(toLength: 44, withPad: " ", startingAt: 0)
            return label + column(gzip.up, 10) + column(gzip.down, 7) + column(plain.up, 11) + column(plain.down, 7)
                + column(gzip.total / plain.total, 13)
        }
    }

    /// The four measurements of `Measurement.names` against one hub, through a counting relay.
    static func bytes(shape: CaseShape, compression: Bool, dir: String) async throws -> [PerRecord] {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let hub = try InProcessHub(path: dir + "/hub.db", compression: compression)
        defer { hub.stop() }
        let token = try hub.addOffice(office)
        let proxy = try LinkProxy(upstreamPort: hub.port)
        defer { proxy.stop() }
        let node = try BenchNode.create(path: dir + "/node.db", office: office, hub: proxy.url, token: token)
        let book = CaseBook(store: node)

        // An office that synced before: it knows whether the hub takes gzip.
        _ = try open(shape, 1_000_000, in: book)
        _ = try await BenchNode.client(node).syncRound()
        guard (try node.upstream()?.takesGzip) == compression else { throw BenchError("slow-link: gzip was not negotiated as expected") }

        func measured(_ what: String, pulls: Bool = false, _ sync: () async throws -> SyncReport) async throws -> PerRecord {
            let before = proxy.traffic
            let report = try await sync()
            let moved = pulls ? report.pulledRecords : report.pushedRecords
            guard moved >= batch else {
                throw BenchError("slow-link: \(what) moved \(report.pushedRecords) up and \(report.pulledRecords) down, not \(batch)")
            }
            let traffic = proxy.traffic - before
            return PerRecord(up: Double(traffic.up) / Double(moved), down: Double(traffic.down) / Double(moved))
        }

        var numbers: [String] = []
        for index in 0..<batch { numbers.append(try open(shape, index, in: book)) }
        let newPushed = try await measured("new cases") { try await BenchNode.client(node).syncRound() }

        let other = try BenchNode.create(path: dir + "/other.db", office: office, replica: office + "_r2", hub: proxy.url, token: token)
        let newPulled = try await measured("a second node's first pull", pulls: true) { try await BenchNode.client(other).syncRound() }

        for (index, number) in numbers.enumerated() { _ = try book.set(number, ["phone": String(99_000_000 + index)]) }
        let editPushed = try await measured("edits") { try await BenchNode.client(node).syncRound() }

        let hubBook = CaseBook(store: hub.store)
        for (index, number) in numbers.enumerated() { _ = try hubBook.set(number, ["address": "Дархан-Уул аймаг, Дархан сум, \(index % 16 + 1)-р баг"]) }
        let editPulled = try await measured("hub edits", pulls: true) { try await BenchNode.client(node).syncRound() }
        return [newPushed, newPulled, editPushed, editPulled]
    }

    static func open(_ shape: CaseShape, _ index: Int, in book: CaseBook) throws -> String {
        let fields = shape.fields(index)
        return try book.open(service: fields.service, registerNumber: fields.rd, name: fields.name, fields: fields.extra).number
    }

    // MARK: - The backlog over 32 kbit/s

    struct Backlog {
        let seconds: Double
        let onTheLink: ShaperCounters
        let linkSeconds: Double
        let http: LinkProxy.Traffic
        let report: SyncReport
        let requests: [LinkProxy.ConnectionRecord]
        /// TCP segments sent on the link, and of those sent again.
        let segments: Int
        let retransmitted: Int

        var details: [String: Double] {
            [
                "backlogSeconds": seconds, "backlogLinkSeconds": linkSeconds, "backlogLinkBytes": Double(onTheLink.bytes),
                "backlogLinkPackets": Double(onTheLink.packets), "backlogLinkDropped": Double(onTheLink.dropped),
                "backlogHTTPUp": Double(http.up), "backlogHTTPDown": Double(http.down),
                "backlogHTTPUtilisation": LinkShape.thirtyTwoKilobits.seconds(for: http.total) / seconds,
                "backlogPushBatches": Double(report.pushBatches), "backlogPullBatches": Double(report.pullBatches),
                "backlogTCPSegments": Double(segments), "backlogTCPRetransmitted": Double(retransmitted),
            ]
        }
    }

    static func backlog(_ count: Int, dir: String) async throws -> Backlog {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        LinkNamespace.removeAbandoned(prefix: "halamj-bench")
        let hub = try InProcessHub(path: dir + "/hub.db")
        defer { hub.stop() }
        let token = try hub.addOffice(office)
        let link = try EmulatedLink(to: hub.port, shape: .thirtyTwoKilobits, prefix: "halamj-bench")
        defer { link.stop() }
        let node = try BenchNode.create(path: dir + "/node.db", office: office, hub: link.url, token: token)
        let book = CaseBook(store: node)
        // An office that synced before: it knows that the hub takes gzip.
        _ = try open(.caseNew, 1_000_000, in: book)
        _ = try await BenchNode.client(node).syncRound()
        for index in 0..<count { _ = try open(.caseNew, index, in: book) }

        let counters = try link.shaperCounters()
        let segments = try link.namespace.tcpSegments()
        let traffic = link.entry.traffic
        let ended = link.entry.endedConnections.count
        var report = SyncReport()
        let elapsed = try await seconds { report = try await BenchNode.client(node).syncRound() }
        guard report.pushedRecords == count, try node.status().pendingCount == 0 else {
            throw BenchError("slow-link: pushed \(report.pushedRecords) of \(count)")
        }
        link.entry.waitForConnectionsToEnd()
        let crossed = try link.shaperCounters() - counters
        let segmentsAfter = try link.namespace.tcpSegments()
        return Backlog(
            seconds: elapsed, onTheLink: crossed, linkSeconds: link.shape.seconds(for: crossed.bytes - link.shape.burstBytes),
            http: link.entry.traffic - traffic, report: report, requests: Array(link.entry.endedConnections.dropFirst(ended)),
            segments: segmentsAfter.sent - segments.sent, retransmitted: segmentsAfter.retransmitted - segments.retransmitted)
    }
}
