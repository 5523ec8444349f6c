import Foundation
import Testing
import HalamjCompression
import HalamjTestSupport

/// Issue 17, item 4: a hub of this build serves a node of an earlier release unchanged. The
/// requests that release's node sent when it synced its waiting changes (Fixtures/<release>/
/// wire/, recorded once from its real programs) are sent byte for byte to this build's hub
/// on the same files; it must take them, and answer with everything the old node reads.
@Suite(.serialized) struct OldNodeOnTheWireTests {
    let dir = TemporaryDirectory()

    /// One recorded HTTP message: its status (answers), headers and body, inflated.
    struct Message {
        var status: Int?
        var headers: [String: String]
        var body: [UInt8]

        init(_ bytes: [UInt8]) throws {
            let text = bytes
            let end = try #require((0..<max(0, text.count - 3)).first { text[$0] == 13 && text[$0 + 1] == 10 && text[$0 + 2] == 13 && text[$0 + 3] == 10 })
            let lines = String(decoding: text[..<end], as: UTF8.self).components(separatedBy: "\r\n")
            let first = lines[0].split(separator: " ")
            status = first.first?.hasPrefix("HTTP/") == true ? Int(first[1]) : nil
            headers = [:]
            for line in lines.dropFirst() {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
            }
            body = try Self.inflated(Array(text[(end + 4)...]), headers)
        }

        init(status: Int, headers: [String: String], body: [UInt8]) throws {
            self.status = status
            self.headers = headers
            self.body = try Self.inflated(body, headers)
        }

        /// The body as sent before any gzip its headers name.
        static func inflated(_ body: [UInt8], _ headers: [String: String]) throws -> [UInt8] {
            headers["content-encoding"] == "gzip" ? try Gzip.decompress(body, maximumSize: 64 << 20) : body
        }
    }

    /// Every key path of `value` with the JSON type found there (arrays by their elements).
    static func shape(_ value: Any, at path: String = "") -> Set<String> {
        switch value {
        case let object as [String: Any]:
            var paths: Set<String> = []
            for (key, child) in object { paths.formUnion(shape(child, at: path + "." + key)) }
            return paths.isEmpty ? [path + ":{}"] : paths
        case let array as [Any]:
            return array.reduce(into: Set<String>()) { $0.formUnion(shape($1, at: path + "[]")) }
        case is String: return [path + ":string"]
        case is NSNumber: return [path + ":number"]
        default: return [path + ":null"]
        }
    }

    static var releases: [String] {
        UpgradeFromFixturesTests.releases.filter {
            FileManager.default.fileExists(atPath: UpgradeFromFixturesTests.fixtures.appendingPathComponent("\($0)/wire").path)
        }
    }

    @Test(arguments: releases)
    func theOldNodesRequests_AreTakenByThisHub_AndAnsweredWithEverythingItReads(release: String) throws {
        let from = UpgradeFromFixturesTests.fixtures.appendingPathComponent(release)
        let hubDir = try dir.folder("hub")
        try FileManager.default.copyItem(at: from.appendingPathComponent("hub.db"), to: hubDir.appendingPathComponent("halamj-hub.db"))
        let hub = try ServedHub(directory: hubDir)
        defer { hub.stop() }

        let wire = from.appendingPathComponent("wire")
        let requests = try FileManager.default.contentsOfDirectory(atPath: wire.path).filter { $0.hasPrefix("request-") }.sorted()
        #expect(requests.count >= 2, "a push and a pull at least")
        for name in requests {
            let sent = try [UInt8](Data(contentsOf: wire.appendingPathComponent(name)))
            let recorded = try Message([UInt8](Data(contentsOf: wire.appendingPathComponent(name.replacingOccurrences(of: "request-", with: "answer-")))))
            let request = try Message(sent)
            let client = try TestHTTPClient(port: UInt16(hub.port))
            try client.send(sent)
            let raw = try #require(try client.readResponse(timeout: .seconds(10)), "\(name): no answer")
            var headers: [String: String] = [:]
            for name in ["content-encoding", "content-type"] { if let value = raw.headers[name] { headers[name] = value } }
            let answer = try Message(status: raw.status, headers: headers, body: raw.body)
            #expect(answer.status == recorded.status, "\(name): \(raw.text)")
            let old = try JSONSerialization.jsonObject(with: Data(recorded.body))
            let new = try JSONSerialization.jsonObject(with: Data(answer.body))
            // Every key the old node's decoder met, with the same JSON type, is still there.
            let missing = Self.shape(old).subtracting(Self.shape(new))
            #expect(missing.isEmpty, "\(name): the answer lacks \(missing.sorted())")
            if request.headers["content-type"] == "application/json", let results = (new as? [String: Any])?["results"] as? [[String: Any]] {
                #expect(results.allSatisfy { $0["outcome"] as? String == "merged" }, "\(name): \(results)")
            }
        }
        // What the old node pushed is at the hub.
        let shown = try Programs.run("halamj-hub", ["case", "show", "4305-2026-000003", "--json"], in: hubDir)
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any], "\(shown.stderr)")
        #expect(fields["note"] as? String == "written before the upgrade")
    }
}
