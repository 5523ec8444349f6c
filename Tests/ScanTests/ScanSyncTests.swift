import Foundation
import Testing
@testable import HubServer
import ReplicaStorage
import CaseBooks
import HubClient
import SyncModel
import HalamjTestSupport

/// A soum node and its hub over loopback HTTP: scans go up after the records, whole and
/// byte-identical, within the round's byte budget, resuming where the last round stopped.
@Suite struct ScanSyncTests {
    let directory = TemporaryDirectory()
    let hubStore: ReplicaStore
    let hub: Hub
    let node: ReplicaStore
    let upstream: Upstream
    let service = Service.childCareAllowance

    init() throws {
        hubStore = try Hub.create(path: directory.path("hub.db"), id: ReplicaID("hub-43")!)
        let token = try OfficeRegistry(store: hubStore).add("soum-4305", now: 1)
        var configuration = HubConfiguration()
        configuration.port = 0
        hub = Hub(store: hubStore, configuration: configuration)
        let port = try hub.start()
        node = try ReplicaStore.create(path: directory.path("node.db"), replica: ReplicaID("soum-4305")!, role: .node, office: "soum-4305")
        upstream = Upstream(url: URL(string: "http://127.0.0.1:\(port)")!, token: token)
        try node.setUpstream(upstream)
    }

    var nodeFiles: ContentStore { ContentStore.beside(database: node.path) }
    var hubFiles: ContentStore { ContentStore.beside(database: hubStore.path) }

    func client(maxFileBytes: Int? = nil) -> SyncClient {
        var configuration = SyncConfiguration()
        configuration.maxFileBytes = maxFileBytes
        return SyncClient(store: node, upstream: upstream, configuration: configuration)
    }

    func openCase() throws -> String {
        try CaseBook(store: node).open(service: service, registerNumber: try RegisterNumber.parse("УБ99031212"), name: "Бат").number
    }

    var firstDocument: String { Checklists.documents(for: service, stage: .soum)[0].id }

    @Test func aScan_ReachesTheHubWhole_AfterItsCase() async throws {
        defer { hub.stop() }
        let number = try openCase()
        let bytes = ContentStoreTests.scan(300_000)
        let scan = try CaseBook(store: node).attach(number, document: firstDocument, bytes: bytes, name: "өргөдөл.pdf", files: nodeFiles)
        #expect(try node.filesWaiting() == FilesWaiting(count: 1, bytes: bytes.count))
        let report = try await client().syncRound()
        #expect(report.pushedRecords == 1 && report.filesSent == 1 && report.fileBytesSent == bytes.count)
        #expect(report.filesWaiting == 0 && report.fileBytesWaiting == 0)
        #expect(try hubFiles.read(scan.sha256) == bytes, "byte-identical at the hub (hash checked on reading)")
        #expect(try node.filesWaiting() == FilesWaiting())
        // The hub's copy of the case names the file, as the node's does.
        #expect(try CaseBook(store: hubStore).scans(number) == [scan])
        #expect(scan.name == "өргөдөл.pdf" && scan.kind == .pdf)
    }

    @Test func aRoundCutByItsBudget_ResumesNextRound_SendingOnlyTheRest() async throws {
        defer { hub.stop() }
        let number = try openCase()
        let bytes = ContentStoreTests.scan(2_000_000)
        let scan = try CaseBook(store: node).attach(number, document: firstDocument, bytes: bytes, name: "scan.pdf", files: nodeFiles)
        let ninety = bytes.count * 9 / 10
        let first = try await client(maxFileBytes: ninety).syncRound()
        #expect(first.filesSent == 0 && first.fileBytesSent <= ninety && first.fileBytesSent > ninety - FilePieces.defaultPieceSize)
        #expect(first.filesWaiting == 1)
        #expect(!hubFiles.contains(scan.sha256), "not a file at the hub until it is whole")
        let second = try await client().syncRound()
        #expect(second.filesSent == 1)
        #expect(second.fileBytesSent == bytes.count - first.fileBytesSent, "only the rest is sent")
        #expect(try hubFiles.read(scan.sha256) == bytes)
    }

    @Test func aRoundWithNoNewScan_SendsNoFileRequest() async throws {
        defer { hub.stop() }
        let number = try openCase()
        _ = try await client().syncRound()
        let idle = try await client().syncRound()
        try CaseBook(store: node).attach(number, document: firstDocument, bytes: ContentStoreTests.scan(1_000), name: "a.pdf", files: nodeFiles)
        _ = try await client().syncRound()
        let after = try await client().syncRound()
        #expect(after.bytesSent == idle.bytesSent, "a round after the scans went up costs what a round before any scan did")
        #expect(after.bytesReceived == idle.bytesReceived)
        #expect(after.filesSent == 0 && after.fileBytesSent == 0)
    }

    @Test func budgetZero_SendsTheRecordsAndNoScan() async throws {
        defer { hub.stop() }
        let number = try openCase()
        try CaseBook(store: node).attach(number, document: firstDocument, bytes: ContentStoreTests.scan(5_000), name: "a.pdf", files: nodeFiles)
        let report = try await client(maxFileBytes: 0).syncRound()
        #expect(report.pushedRecords == 1 && report.fileBytesSent == 0 && report.filesWaiting == 1)
        #expect(report.summaryLine.contains("хүлээгдэж буй (waiting) 1"))
    }

    @Test func scansAttachedAtTheSoumAndAtTheHubAtOnce_AreBothKept() async throws {
        defer { hub.stop() }
        let number = try openCase()
        _ = try await client().syncRound()
        let soumScan = try CaseBook(store: node).attach(number, document: firstDocument, bytes: ContentStoreTests.scan(4_000), name: "soum.pdf", files: nodeFiles)
        let district = try #require(Checklists.documents(for: service, stage: .district).first ?? Checklists.documents(for: service).last)
        let hubScan = try CaseBook(store: hubStore).attach(number, document: district.id, bytes: ContentStoreTests.scan(4_000, seed: 99), name: "decree.pdf", files: hubFiles)
        _ = try await client().syncRound()
        #expect(Set(try CaseBook(store: node).scans(number)) == [soumScan, hubScan])
        #expect(Set(try CaseBook(store: hubStore).scans(number)) == [soumScan, hubScan])
    }

    @Test func whatCannotBeAttached_IsRefusedWithTheReason_AndNothingIsKept() throws {
        defer { hub.stop() }
        let number = try openCase()
        let book = CaseBook(store: node)
        #expect(throws: CaseError.self) { try book.attach(number, document: firstDocument, bytes: Array("hello".utf8), name: "a.txt", files: nodeFiles) }
        let large = Array("%PDF-".utf8) + [UInt8](repeating: 0, count: CaseBook.maximumScanBytes)
        do {
            try book.attach(number, document: firstDocument, bytes: large, name: "big.pdf", files: nodeFiles)
            Issue.record("a file over the limit was attached")
        } catch let error as CaseError {
            #expect("\(error)".contains("at most 20 MB"), "\(error)")
        }
        #expect(throws: CaseError.self) { try book.attach(number, document: "no_such_paper", bytes: ContentStoreTests.scan(10), name: "a.pdf", files: nodeFiles) }
        #expect(try nodeFiles.hashes().isEmpty)
        #expect(try node.filesWaiting() == FilesWaiting())
        #expect(try book.scans(number).isEmpty)
    }

    func damage(_ files: ContentStore, _ sha: String) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: files.path(of: sha)))
        try handle.seek(toOffset: 100)
        try handle.write(contentsOf: Data("damaged".utf8))
        try handle.close()
    }

    @Test func aDamagedScanAtTheNode_IsFoundByFsck_AndFetchedAgainFromTheHub() async throws {
        defer { hub.stop() }
        let number = try openCase()
        let bytes = ContentStoreTests.scan(150_000)
        let scan = try CaseBook(store: node).attach(number, document: firstDocument, bytes: bytes, name: "a.pdf", files: nodeFiles)
        _ = try await client().syncRound()
        try damage(nodeFiles, scan.sha256)
        let audit = try FileAudit(store: node).run()
        #expect(audit.checked == 1 && audit.intact == 0)
        #expect(audit.findings.map(\.state) == [.corrupt] && audit.findings.first?.caseNumber == number)
        #expect(!nodeFiles.contains(scan.sha256), "set aside")
        #expect(try await client().fetchFile(scan.sha256, case: number) == bytes.count)
        #expect(try nodeFiles.read(scan.sha256) == bytes)
        #expect(try FileAudit(store: node).run().findings.isEmpty)
    }

    @Test func aScanTheHubLost_IsCountedWaiting_AskedOfTheOffice_AndSentAgain() async throws {
        defer { hub.stop() }
        let number = try openCase()
        let bytes = ContentStoreTests.scan(90_000)
        let scan = try CaseBook(store: node).attach(number, document: firstDocument, bytes: bytes, name: "a.pdf", files: nodeFiles)
        _ = try await client().syncRound()
        func waiting() throws -> FilesWaiting? {
            try StatusReport(store: hubStore).build(now: Clock.nowMillis()).offices.first { $0.id == "soum-4305" }?.filesWaiting
        }
        #expect(try waiting() == FilesWaiting())
        try damage(hubFiles, scan.sha256)
        let check = try HubFileCheck(store: hubStore).run(now: Clock.nowMillis())
        #expect(check.findings.map(\.state) == [.corrupt])
        #expect(try waiting() == FilesWaiting(count: 1, bytes: bytes.count), "the dashboard counts it")
        let report = try await client().syncRound()
        #expect(report.filesSent == 1, "the pull asked for it and the round sent it")
        #expect(try hubFiles.read(scan.sha256) == bytes)
        #expect(try waiting() == FilesWaiting())
        #expect(try HubFileCheck(store: hubStore).run(now: Clock.nowMillis()).findings.isEmpty)
    }

    @Test func theHubCountsScansNotYetArrived_PerOffice_WithoutShowingThem() async throws {
        defer { hub.stop() }
        let number = try openCase()
        let bytes = ContentStoreTests.scan(30_000)
        try CaseBook(store: node).attach(number, document: firstDocument, bytes: bytes, name: "нууц-оношилгоо.pdf", files: nodeFiles)
        _ = try await client(maxFileBytes: 0).syncRound()
        let status = try StatusReport(store: hubStore).build(now: Clock.nowMillis())
        #expect(status.offices.first { $0.id == "soum-4305" }?.filesWaiting == FilesWaiting(count: 1, bytes: bytes.count))
        let page = DashboardPage.render(status)
        #expect(page.contains("Скан хүлээгдэж буй (scans waiting)") && page.contains("1 · \(ByteText.bytes(bytes.count))"))
        #expect(!page.contains("нууц-оношилгоо"), "the dashboard counts scans, never names or shows them")
        _ = try await client().syncRound()
        #expect(try StatusReport(store: hubStore).build(now: Clock.nowMillis()).offices.first?.filesWaiting == FilesWaiting())
    }
}

/// Backups carry the scans, consistent with the database; a restore brings them back.
@Suite struct ScanBackupTests {
    let directory = TemporaryDirectory()

    @Test func aBackupHoldsTheScans_AndARestoreBringsThemBack() throws {
        let path = directory.path("node.db")
        let node = try ReplicaStore.create(path: path, replica: ReplicaID("soum-4305")!, role: .node, office: "soum-4305")
        let book = CaseBook(store: node)
        let number = try book.open(service: .childCareAllowance, registerNumber: try RegisterNumber.parse("УБ99031212"), name: "Бат").number
        let document = Checklists.documents(for: .childCareAllowance, stage: .soum)[0].id
        let files = ContentStore.beside(database: path)
        let first = try book.attach(number, document: document, bytes: ContentStoreTests.scan(50_000, seed: 1), name: "a.pdf", files: files)
        let second = try book.attach(number, document: document, bytes: ContentStoreTests.scan(70_000, seed: 2), name: "b.pdf", files: files)

        let backup = directory.path("backup.db")
        let copied = try ReplicaFiles.backup(node, to: backup, force: false)
        #expect(copied.files == 2 && copied.bytes == first.byteCount + second.byteCount && copied.damaged.isEmpty)
        #expect(throws: ReplicaFiles.FileError.exists(backup)) { try ReplicaFiles.backup(node, to: backup, force: false) }

        // The office's disk is lost; the backup is restored on a new one.
        let restored = directory.path("restored.db")
        _ = try ReplicaFiles.restore(backup, to: restored, role: .node, force: false)
        let again = try ReplicaStore.open(path: restored)
        #expect(Set(try CaseBook(store: again).scans(number)) == [first, second])
        let audit = try FileAudit(store: again).run()
        #expect(audit.checked == 2 && audit.intact == 2 && audit.findings.isEmpty)
        #expect(try ContentStore.beside(database: restored).read(second.sha256) == ContentStoreTests.scan(70_000, seed: 2))
    }
}
