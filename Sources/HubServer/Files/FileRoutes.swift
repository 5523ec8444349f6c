import Foundation
import Synchronization
import ReplicaStorage
import SyncModel
import HalamjHTTP

/// Scans at the hub (issue 20): an office sends the files its cases name, in pieces that
/// resume after a cut link, and fetches them back (`fsck`); a district hub does the same
/// with its national hub. The hub takes a file only for a case in the sender's scope that
/// names it (so no token can fill the hub's disk with files of its own choosing), refuses
/// a piece that does not hash to its announcement, and keeps a file only once it hashes
/// to its name. Files are kept in the hub's content store beside its database.
public struct FileRoutes: Sendable {
    public let sync: SyncRoutes
    public let files: ContentStore
    /// Pieces are appended one request at a time.
    private let lock = ReceivingLock()

    private final class ReceivingLock: Sendable {
        let mutex = Mutex<Void>(())
    }

    public init(sync: SyncRoutes, files: ContentStore? = nil) {
        self.sync = sync
        self.files = files ?? sync.files
    }

    /// `POST /v1/files/announce`: the file's pieces; answers how much is here already.
    public func announce(_ request: HTTPRequest) throws -> HTTPResponse {
        let scope = try sync.authenticate(request)
        let announcement: FileAnnouncement
        // gzip-compressed, as every JSON body of a node that knows the hub takes it.
        let json = Data(try SyncBodyEncoding.body(of: request))
        do {
            announcement = try JSONDecoder().decode(FileAnnouncement.self, from: json)
        } catch {
            throw HTTPError(400, "malformed", "the body is not a file announcement: \(JSONErrorText.describe(error, in: json))")
        }
        let file = announcement.file
        if let problem = file.problem { throw HTTPError(400, "malformed", problem) }
        try named(file.sha256, byteCount: file.byteCount, case: announcement.caseNumber, scope: scope)
        return try lock.mutex.withLock { _ in
            if files.contains(file.sha256) {
                try sync.store.transaction { try FileRefs.held($0, file.sha256) }
                return .json(FileProgress(sha256: file.sha256, received: file.byteCount, complete: true))
            }
            if try announced(file.sha256) != file {
                // A new announcement (or another sender's): what came under the old one is dropped.
                files.discardPartial(file.sha256)
                let encoded = Array(try JSONEncoder().encode(file))
                try stored { try files.saveAnnouncement(encoded, for: file.sha256) }
            }
            let received = file.pieceStart(atOrBefore: files.receivedBytes(of: file.sha256))
            return .json(FileProgress(sha256: file.sha256, received: received, complete: false))
        }
    }

    /// `PUT /v1/files/<sha256>?case=<number>&offset=<n>`: whole pieces from `offset`
    /// (where the file stands now). Every piece is checked against its announcement before
    /// anything is written; the last one makes the file, checked whole.
    public func receive(_ request: HTTPRequest, sha256: String) throws -> HTTPResponse {
        let scope = try sync.authenticate(request)
        guard let number = request.query["case"], let offset = request.query["offset"].flatMap(Int.init), offset >= 0 else {
            throw HTTPError(400, "malformed", "a piece names its case and offset: ?case=<number>&offset=<bytes>")
        }
        return try lock.mutex.withLock { _ in
            if files.contains(sha256) {
                let scan = try named(sha256, byteCount: nil, case: number, scope: scope)
                return .json(FileProgress(sha256: sha256, received: scan.byteCount, complete: true))
            }
            guard let file = try announced(sha256) else {
                throw HTTPError(409, "announce-first", "announce \(sha256.prefix(16))… before sending its pieces")
            }
            try named(sha256, byteCount: file.byteCount, case: number, scope: scope)
            let held = file.pieceStart(atOrBefore: files.receivedBytes(of: sha256))
            guard offset == held else {
                throw HTTPError(409, "wrong-offset", "the hub holds \(held) bytes of \(sha256.prefix(16))…; send from there")
            }
            let body = request.body
            guard !body.isEmpty, offset + body.count <= file.byteCount,
                  body.count % file.pieceSize == 0 || offset + body.count == file.byteCount else {
                throw HTTPError(400, "malformed", "send whole pieces of \(file.pieceSize) bytes (the last may be shorter), within the file's \(file.byteCount)")
            }
            for start in stride(from: 0, to: body.count, by: file.pieceSize) {
                let index = (offset + start) / file.pieceSize
                guard file.holds(body[start..<min(body.count, start + file.pieceSize)], asPiece: index) else {
                    throw HTTPError(422, "piece-mismatch", "piece \(index) of \(sha256.prefix(16))… does not hash to what was announced: refused, nothing of this request was stored")
                }
            }
            try stored { try files.appendPiece(body, to: sha256, at: offset) }
            let received = offset + body.count
            guard received == file.byteCount else {
                return .json(FileProgress(sha256: sha256, received: received, complete: false))
            }
            do {
                try stored { try files.completePartial(sha256) }
            } catch let error as HTTPError where error.status == 422 {
                files.discardPartial(sha256)
                throw error
            }
            try sync.store.transaction { try FileRefs.held($0, sha256) }
            return .json(FileProgress(sha256: sha256, received: received, complete: true))
        }
    }

    /// `GET /v1/files/<sha256>?case=<number>`: a file a case of the caller's names.
    public func serve(_ request: HTTPRequest, sha256: String) throws -> HTTPResponse {
        let scope = try sync.authenticate(request)
        guard let number = request.query["case"] else {
            throw HTTPError(400, "malformed", "name the case that refers to the file: ?case=<number>")
        }
        try named(sha256, byteCount: nil, case: number, scope: scope)
        do {
            let bytes = try files.read(sha256)
            return HTTPResponse(status: 200, headers: [("Content-Type", "application/octet-stream")], body: bytes)
        } catch let error as ContentStoreError {
            throw HTTPError(404, "no-file", "the hub does not hold \(sha256.prefix(16))… whole: \(error)")
        }
    }

    /// What was announced of `sha256` and not yet made whole.
    private func announced(_ sha256: String) throws -> FilePieces? {
        try files.announcement(for: sha256).flatMap { try? JSONDecoder().decode(FilePieces.self, from: Data($0)) }
    }

    /// Refuses (403) unless case `number` is in `scope` and names `sha256` (of `byteCount`).
    @discardableResult
    private func named(_ sha256: String, byteCount: Int?, case number: String, scope: SyncScope) throws -> Scan {
        let key = RecordKey(collection: CaseFields.collection, id: number)
        let record = try sync.store.read { try $0.load(key) }?.record
        guard let record, scope.holds(record) || scope.heldBefore(record),
              let scan = Scan.attached(to: record).first(where: { $0.sha256 == sha256 }),
              byteCount == nil || scan.byteCount == byteCount else {
            throw HTTPError(403, "not-referenced", "no case of \(scope) at this hub names file \(sha256.prefix(16))…\(byteCount.map { " of \($0) bytes" } ?? "") (push the case first)")
        }
        return scan
    }

    /// Runs a write of the content store; its failures become the hub's answers (a full
    /// disk is a 507 that says so; a whole file that does not match its name, a 422).
    private func stored(_ write: () throws -> Void) throws {
        do {
            try write()
        } catch let error as ContentStoreError {
            switch error {
            case .diskFull: throw HTTPError(507, "disk-full", "the hub's disk is full: \(error)")
            case .mismatch: throw HTTPError(422, "file-mismatch", "\(error)")
            default: throw HTTPError(500, "file-store", "\(error)")
            }
        }
    }
}
