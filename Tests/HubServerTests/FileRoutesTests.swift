import Foundation
import Testing
import HalamjTestSupport
import HubServer
import ReplicaStorage
import SyncModel
import HalamjHTTP

/// The hub's side of scans, attacked with one office's token: it takes only files a case
/// of the sender's names, refuses any piece that does not hash to its announcement, never
/// keeps bytes that do not hash to their name, and serves a file only to its own office.
@Suite struct FileRoutesTests: HubRouteTesting {
    let directory = TemporaryDirectory()
    let store: ReplicaStore
    let router: HubRouter
    let token: String
    let otherToken: String
    let bytes: [UInt8]
    let file: FilePieces
    let caseNumber = "4305-2026-000001"

    init() throws {
        store = try Hub.create(path: directory.path("hub.db"), id: ReplicaID("hub-43")!)
        router = HubRouter(sync: SyncRoutes(store: store), admin: AdminRoutes(store: store))
        token = try OfficeRegistry(store: store).add("soum-4305", now: 1)
        otherToken = try OfficeRegistry(store: store).add("soum-4306", now: 1)
        var random = SplitMix64(seed: 20)
        bytes = Array("%PDF-1.4\n".utf8) + (0..<200_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        file = FilePieces(of: bytes)
        // The office's case, naming the scan, is at the hub.
        var record = record(caseNumber, office: "soum-4305")
        let scan = try #require(Scan(document: "citizen_id", sha256: file.sha256, byteCount: bytes.count, kind: .pdf, name: "id.pdf"))
        record.write([scan.field: scan.value], dot: Dot(replica: ReplicaID("soum-4305")!, counter: 2),
                     hlc: HLCTimestamp(wallMillis: 2_000, logical: 0, replica: ReplicaID("soum-4305")!))
        let pushed = try router.handle(request("POST", SyncProtocol.pushPath, token: token, body: try pushBody([record], latest: 2)))
        #expect(try JSONDecoder().decode(PushResponse.self, from: Data(pushed.body)).results.map(\.outcome) == [.merged])
    }

    var files: ContentStore { router.files.files }

    func announce(_ pieces: FilePieces, case number: String? = nil, token: String? = nil) throws -> (status: Int, code: String?, progress: FileProgress?) {
        let body = try JSONEncoder().encode(FileAnnouncement(caseNumber: number ?? caseNumber, file: pieces))
        return answer(request("POST", SyncProtocol.filesAnnouncePath, token: token ?? self.token, body: body))
    }

    func send(_ piece: some Collection<UInt8>, at offset: Int, sha: String? = nil, token: String? = nil) -> (status: Int, code: String?, progress: FileProgress?) {
        answer(request("PUT", "\(SyncProtocol.filesPath)/\(sha ?? file.sha256)?case=\(caseNumber)&offset=\(offset)",
                       token: token ?? self.token, body: Data(piece)))
    }

    func answer(_ request: HTTPRequest) -> (status: Int, code: String?, progress: FileProgress?) {
        do {
            let response = try router.handle(request)
            return (response.status, nil, try? JSONDecoder().decode(FileProgress.self, from: Data(response.body)))
        } catch let error as HTTPError {
            return (error.status, error.code, nil)
        } catch {
            return (500, "\(error)", nil)
        }
    }

    func piece(_ index: Int) -> ArraySlice<UInt8> { bytes[file.range(ofPiece: index)] }

    @Test func aFileTheOfficesCaseNames_IsTakenPieceByPiece_AndKeptWhole() throws {
        #expect(try announce(file).progress == FileProgress(sha256: file.sha256, received: 0, complete: false))
        for index in file.pieces.indices {
            let answer = send(piece(index), at: file.range(ofPiece: index).lowerBound)
            #expect(answer.status == 200)
            #expect(answer.progress?.received == file.range(ofPiece: index).upperBound)
        }
        #expect(try files.read(file.sha256) == bytes)
        // Announced again (a node that lost the answer): whole, nothing more to send.
        #expect(try announce(file).progress?.complete == true)
    }

    @Test func aForgedPiece_IsRefused_AndWhatCameBeforeIsKept() throws {
        _ = try announce(file)
        #expect(send(piece(0), at: 0).status == 200)
        var forged = Array(piece(1))
        forged[100] ^= 0xFF
        let refused = send(forged, at: file.pieceSize)
        #expect(refused.status == 422 && refused.code == "piece-mismatch")
        #expect(files.receivedBytes(of: file.sha256) == file.pieceSize, "the forged piece left nothing")
        // A request with a good piece and a forged one after it stores neither.
        let mixed = Array(piece(1)) + forged.prefix(file.range(ofPiece: 2).count)
        #expect(send(mixed, at: file.pieceSize).code == "piece-mismatch")
        #expect(files.receivedBytes(of: file.sha256) == file.pieceSize)
        // The honest pieces still complete the file.
        #expect(send(bytes[file.pieceSize...], at: file.pieceSize).progress?.complete == true)
        #expect(try files.read(file.sha256) == bytes)
    }

    @Test func anAnnouncementThatLies_NeverBecomesTheFile() throws {
        // Pieces of other bytes announced under the real file's hash and size.
        var other = bytes
        other[150_000] ^= 0x01
        let lying = FilePieces(sha256: file.sha256, byteCount: bytes.count, pieceSize: file.pieceSize, pieces: FilePieces(of: other).pieces)
        _ = try announce(lying)
        #expect(send(other[..<file.pieceSize], at: 0).status == 200)
        let last = send(other[file.pieceSize...], at: file.pieceSize)
        #expect(last.status == 422 && last.code == "file-mismatch")
        #expect(!files.contains(file.sha256))
        #expect(files.receivedBytes(of: file.sha256) == 0)
        // The honest announcement starts again from nothing and completes.
        #expect(try announce(file).progress?.received == 0)
        #expect(send(bytes, at: 0).progress?.complete == true)
    }

    @Test func aFileNoCaseOfTheSendersNames_IsRefused_AndNothingIsStored() throws {
        var random = SplitMix64(seed: 21)
        let junk = FilePieces(of: (0..<300_000).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        let refused = try announce(junk)
        #expect(refused.status == 403 && refused.code == "not-referenced")
        #expect(send([1, 2, 3], at: 0, sha: junk.sha256).status == 409, "no piece without an announcement")
        // The right hash with another size is not the file the case names either.
        let resized = FilePieces(sha256: file.sha256, byteCount: file.byteCount + 1, pieceSize: file.pieceSize, pieces: file.pieces)
        #expect(try announce(resized).code == "not-referenced")
        // Another office's token, the file of this office's case.
        let other = try announce(file, token: otherToken)
        #expect(other.status == 403 && other.code == "not-referenced")
        #expect(try files.hashes().isEmpty)
        #expect(files.receivedBytes(of: junk.sha256) == 0)
    }

    @Test func aFile_IsServedToItsOfficeOnly() throws {
        _ = try announce(file)
        _ = send(bytes, at: 0)
        let path = "\(SyncProtocol.filesPath)/\(file.sha256)?case=\(caseNumber)"
        #expect(try router.handle(request("GET", path, token: token)).body == bytes)
        #expect(outcome(request("GET", path, token: otherToken)).status == 403)
        #expect(outcome(request("GET", path)).status == 401)
        #expect(outcome(request("GET", "\(SyncProtocol.filesPath)/\(file.sha256)", token: token)).status == 400, "the case is named")
        #expect(outcome(request("DELETE", "\(SyncProtocol.filesPath)/\(file.sha256)", token: token)).status == 405)
    }

    @Test func malformedAnnouncements_AreRefusedWithTheReason() throws {
        let bad = FilePieces(sha256: file.sha256, byteCount: bytes.count, pieceSize: 1_000, pieces: file.pieces)
        let answer = outcome(request("POST", SyncProtocol.filesAnnouncePath, token: token,
                                     body: try JSONEncoder().encode(FileAnnouncement(caseNumber: caseNumber, file: bad))))
        #expect(answer.status == 400 && answer.message?.contains("pieceSize") == true)
        #expect(outcome(request("POST", SyncProtocol.filesAnnouncePath, token: token, body: Data("{".utf8))).status == 400)
    }
}
