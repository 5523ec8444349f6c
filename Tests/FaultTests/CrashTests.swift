import Foundation
import Testing
@testable import HubServer
import ReplicaStorage
import CaseBooks
import LocalNode
import SyncModel
import HalamjTestSupport

/// What a file must satisfy after any crash: SQLite's own check, and the two promises
/// of the sync state. A record a node holds as clean is at the hub (the queue never
/// drops what was not delivered), and every hub record at or below the node's pull
/// checkpoint is in the node's copy (the checkpoint never runs ahead of the data).
enum CrashChecks {
    static func integrity(_ path: String) throws -> String {
        let db = try Database(path: path, create: false)
        return try db.query("PRAGMA integrity_check") { $0.text(0) }.joined(separator: "; ")
    }

    static func syncState(node nodePath: String, hub hubPath: String, office: String) throws -> [String] {
        let decoder = JSONDecoder()
        // The node first, then the hub: the hub's copies only grow, so what held at
        // the node's moment still holds when the hub is read.
        let node = try Database(path: nodePath, create: false)
        let (nodeRecords, checkpoint) = try node.transaction(writing: false) {
            (try node.query("SELECT body, dirty FROM records") { (try decoder.decode(Record.self, from: Data($0.blob(0))), $0.int(1) != 0) },
             try node.scalarText("SELECT value FROM meta WHERE key = 'pull_since'").flatMap { Int64($0) } ?? 0)
        }
        let hub = try Database(path: hubPath, create: false)
        let hubRecords = try hub.transaction(writing: false) {
            try hub.query("SELECT body, local_seq FROM records WHERE office = ?", [.text(office)]) {
                (try decoder.decode(Record.self, from: Data($0.blob(0))), $0.int(1))
            }
        }
        let atHub = Dictionary(hubRecords.map { ($0.0.id, $0.0) }, uniquingKeysWith: { a, _ in a })
        let atNode = Dictionary(nodeRecords.map { ($0.0.id, $0.0) }, uniquingKeysWith: { a, _ in a })
        var problems: [String] = []
        for (record, dirty) in nodeRecords where !dirty {
            guard let held = atHub[record.id], held.merged(with: record) == held else {
                problems.append("\(office): \(record.id) is clean at the node but the hub lacks some of it")
                continue
            }
        }
        for (record, seq) in hubRecords where seq <= checkpoint {
            guard let local = atNode[record.id], local.merged(with: record) == local else {
                problems.append("\(office): pull checkpoint \(checkpoint) is past hub change \(seq) of \(record.id), which the node lacks")
                continue
            }
        }
        return problems
    }
}

extension Faults {
    /// `kill -9` of `halamj-node sync` at random moments, and of `halamj-hub serve`
    /// while a node syncs; after each kill the files are checked, and at the end
    /// everything converges. The CI-sized run; `scripts/crash-test.sh` runs 50 + 50
    /// with release builds.
    @Suite struct CrashTests {
        static let offices = ["soum-4305", "soum-4306"]

        static var nodeKills: Int { FaultSettings.environment["HALAMJ_CRASH_NODE_KILLS"].flatMap(Int.init) ?? 5 }
        static var hubKills: Int { FaultSettings.environment["HALAMJ_CRASH_HUB_KILLS"].flatMap(Int.init) ?? 3 }
        static var casesPerNode: Int { FaultSettings.environment["HALAMJ_CRASH_CASES"].flatMap(Int.init) ?? 100 }

        @Test func killedSyncsAndAKilledHub_LoseNothing_DuplicateNothing_AndLeaveSoundFiles() throws {
            let seed = FaultSettings.seed
            let replay = "replay: HALAMJ_FAULT_SEED=\(seed) swift test --filter CrashTests"
            var random = SplitMix64(seed: seed)
            let started = ContinuousClock.now
            let dir = TemporaryDirectory()
            #expect(FileManager.default.isExecutableFile(atPath: Programs.url("halamj-node").path),
                    "build the package first (swift build): \(Programs.binDirectory.path)")
            let hubDir = try dir.folder("hub")
            let hubDB = hubDir.appendingPathComponent("halamj-hub.db").path
            var soums: [String: URL] = [:]
            #expect(try Programs.run("halamj-hub", ["init", "--id", "hub-43"], in: hubDir).status == 0)
            for office in Self.offices {
                soums[office] = try dir.folder(office)
                let added = try Programs.run("halamj-hub", ["office", "add", office], in: hubDir)
                try #require(added.status == 0, "\(added.stderr)")
                try added.stdout.write(to: soums[office]!.appendingPathComponent("token"), atomically: true, encoding: .utf8)
            }
            func nodeDB(_ office: String) -> String { soums[office]!.appendingPathComponent("halamj-node.db").path }

            // A port for every restart of the hub, held while it is down.
            let port = try PortHold().port
            var hub = try ServedHub(directory: hubDir, port: port)
            defer { hub.stop() }
            for office in Self.offices {
                let made = try Programs.run(
                    "halamj-node", ["init", "--office", office, "--hub", hub.url, "--token-file", "token"], in: soums[office]!)
                try #require(made.status == 0, "\(made.stderr)")
            }

            // Many cases per office (written through the library: the processes
            // under test are the syncs), and the value each field must end with.
            var expected: [String: [String: [String: String]]] = [:]
            var sequence = 0
            for office in Self.offices {
                let book = CaseBook(store: try NodeStore.open(path: nodeDB(office)))
                for i in 0..<Self.casesPerNode {
                    let view = try book.open(
                        service: .elderlyAgeGift, registerNumber: try RegisterNumber.parse("УБ45010112"),
                        name: "Иргэн \(i)", fields: ["note": "opened \(i)"])
                    #expect(expected[office, default: [:]][view.number] == nil, "number \(view.number) given twice")
                    expected[office, default: [:]][view.number] = view.values
                }
            }
            /// Edits at the office (`note`) and at the hub (`reviewer`, while it serves),
            /// so that every sync has something to push and to pull.
            func work(_ office: String) throws {
                let numbers = expected[office]!.keys.sorted()
                do {
                    let book = CaseBook(store: try NodeStore.open(path: nodeDB(office)))
                    for _ in 0..<40 {
                        let number = numbers.randomElement(using: &random)!
                        sequence += 1
                        _ = try book.set(number, ["note": "edit \(sequence)"])
                        expected[office]![number]!["note"] = "edit \(sequence)"
                    }
                }
                do {
                    let book = CaseBook(store: try Hub.open(path: hubDB))
                    for _ in 0..<10 {
                        guard let number = try book.list(office: office).map(\.number).randomElement(using: &random) else { break }
                        sequence += 1
                        _ = try book.set(number, ["reviewer": "hub \(sequence)"])
                        expected[office]![number]!["reviewer"] = "hub \(sequence)"
                    }
                }
            }

            var integrityErrors: [String] = []
            func check(_ path: String, _ what: String) throws {
                let result = try CrashChecks.integrity(path)
                if result != "ok" { integrityErrors.append("\(what): \(result)") }
            }
            // A kill lands mid-sync, and the test knows it: once the hub has heard from the
            // sync (the office's last contact moved), at a random moment within the first
            // half of the time a sync has been seen to take. A kill a few milliseconds after the start, as
            // before, could land before the program had done anything, and on a loaded
            // machine usually did.
            let hubView = try Hub.open(path: hubDB)
            func lastContact(_ office: String) throws -> Int64 {
                try hubView.read { tx in
                    try tx.database.query("SELECT coalesce(last_contact_at, 0) FROM offices WHERE id = ?", [.text(office)]) { $0.int(0) }
                }.first ?? 0
            }
            var syncMillis = 150
            var nodeKillsMidSync = 0, hubKillsMidSync = 0
            func waitUntilMidSync(_ sync: BackgroundProgram, office: String, contactBefore: Int64) throws -> Bool {
                let deadline = ContinuousClock.now + .seconds(30)
                while sync.process.isRunning, try lastContact(office) == contactBefore, ContinuousClock.now < deadline { usleep(1_000) }
                guard sync.process.isRunning, try lastContact(office) != contactBefore else { return false }
                // Within the first half of what a sync has been seen to take after its first contact.
                let delay = Int.random(in: 0...max(1, syncMillis / 2), using: &random)
                let start = ContinuousClock.now
                while sync.process.isRunning, ContinuousClock.now - start < .milliseconds(delay) { usleep(1_000) }
                guard sync.process.isRunning else {
                    let took = (ContinuousClock.now - start).components
                    syncMillis = max(10, Int(took.seconds) * 1000 + Int(took.attoseconds / 1_000_000_000_000_000))
                    return false
                }
                return true
            }
            for kill in 0..<Self.nodeKills {
                let office = Self.offices[kill % Self.offices.count]
                try work(office)
                let contact = try lastContact(office)
                let sync = try BackgroundProgram("halamj-node", ["sync", "--batch-size", "5"], in: soums[office]!)
                if try waitUntilMidSync(sync, office: office, contactBefore: contact) { nodeKillsMidSync += 1 }
                sync.crash()
                try check(nodeDB(office), "\(office) after node kill \(kill + 1)")
                integrityErrors += try CrashChecks.syncState(node: nodeDB(office), hub: hubDB, office: office)
            }
            for kill in 0..<Self.hubKills {
                let office = Self.offices[kill % Self.offices.count]
                try work(office)
                let contact = try lastContact(office)
                let sync = try BackgroundProgram(
                    "halamj-node", ["sync", "--batch-size", "5", "--retries", "8"], in: soums[office]!)
                if try waitUntilMidSync(sync, office: office, contactBefore: contact) { hubKillsMidSync += 1 }
                hub.crash()
                let down = try PortHold(port: port)
                try check(hubDB, "hub after hub kill \(kill + 1)")
                down.release()
                hub = try ServedHub(directory: hubDir, port: port)
                _ = sync.wait(timeout: 60)
                try check(nodeDB(office), "\(office) after hub kill \(kill + 1)")
                integrityErrors += try CrashChecks.syncState(node: nodeDB(office), hub: hubDB, office: office)
            }

            // The link is fine again: everything converges.
            for office in Self.offices {
                var status: Int32 = -1
                for _ in 0..<5 where status != 0 {
                    status = try Programs.run("halamj-node", ["sync"], in: soums[office]!).status
                }
                #expect(status == 0, "\(office) does not sync after the kills. \(replay)")
            }
            var lost = 0, duplicated = 0
            for office in Self.offices {
                let soum = soums[office]!
                let atHub = try Programs.run("halamj-hub", ["case", "list", "--office", office, "--json"], in: hubDir)
                let atNode = try Programs.run("halamj-node", ["case", "list", "--json"], in: soum)
                let hubCases = try #require(try JSONSerialization.jsonObject(with: Data(atHub.stdout.utf8)) as? [[String: Any]])
                let nodeCases = try #require(try JSONSerialization.jsonObject(with: Data(atNode.stdout.utf8)) as? [[String: Any]])
                #expect(try JSONSerialization.data(withJSONObject: hubCases, options: .sortedKeys)
                        == JSONSerialization.data(withJSONObject: nodeCases, options: .sortedKeys),
                        "\(office): the node's cases differ from the hub's. \(replay)")
                for cases in [hubCases, nodeCases] {
                    let numbers = cases.compactMap { $0["number"] as? String }
                    duplicated += numbers.count - Set(numbers).count
                    duplicated += Set(numbers).subtracting(expected[office]!.keys).count
                    lost += Set(expected[office]!.keys).subtracting(numbers).count
                    let byNumber = Dictionary(cases.map { ($0["number"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
                    for (number, fields) in expected[office]! {
                        guard let listed = byNumber[number] else { continue }
                        for (field, value) in fields where !CaseFields.identity.contains(field) && listed[field] as? String != value {
                            lost += 1
                        }
                    }
                }
                let status = try Programs.run("halamj-node", ["status", "--json"], in: soum)
                let parsed = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
                #expect(parsed?["pendingCount"] as? Int == 0, "\(office): \(status.stdout)")
                #expect((parsed?["refused"] as? [Any])?.isEmpty == true, "\(office): \(status.stdout)")
                try check(nodeDB(office), "\(office) at the end")
                integrityErrors += try CrashChecks.syncState(node: nodeDB(office), hub: hubDB, office: office)
            }
            try check(hubDB, "hub at the end")

            let seconds = Int((ContinuousClock.now - started).components.seconds)
            print("crash test: seed \(seed): \(nodeKillsMidSync) of \(Self.nodeKills) node kills and \(hubKillsMidSync) of \(Self.hubKills) hub kills landed mid-sync; \(Self.casesPerNode) cases per office; \(seconds) s")
            print("crash test: \(Self.nodeKills) node kills, \(Self.hubKills) hub kills, \(lost) lost, \(duplicated) duplicated, \(integrityErrors.count) integrity errors")
            // Kills land mid-sync (a sync can still end between the hub's answer and the kill).
            #expect(nodeKillsMidSync >= 1, "no node kill landed mid-sync. \(replay)")
            #expect(hubKillsMidSync >= 1, "no hub kill landed mid-sync. \(replay)")
            #expect(lost == 0, "\(replay)")
            #expect(duplicated == 0, "\(replay)")
            #expect(integrityErrors.isEmpty, "\(integrityErrors.prefix(10)). \(replay)")
        }
    }
}
