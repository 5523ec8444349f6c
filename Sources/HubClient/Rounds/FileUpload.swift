import Foundation
import SyncModel
import ReplicaStorage

/// The last part of a round (issue 20): the scans this replica attached go up after its
/// records, oldest first, each announced with its pieces and then sent a few pieces per
/// request (as many as the link moves in about `targetBatchSeconds`, `BatchPace`). The
/// hub keeps every piece it took; after a cut the file resumes at the hub's count, so a
/// 2 MB scan cut at 90 % sends only the rest. `maxFileBytes` bounds what one round sends;
/// records never wait for files.
struct FileUpload: Sendable {
    let store: ReplicaStore
    let files: ContentStore
    let connection: HubConnection
    /// Pieces per request, kept across the rounds of the client.
    let pace: BatchPace
    let budget: Int?

    /// Requests for one file that may fail in a row (cut, refused piece) before the round
    /// gives up on files and says so.
    static let attemptsPerFile = 6

    func run(_ round: RoundProgress) async throws {
        var after: QueuedFile?
        var spent = 0
        settleWaiting(round)
        defer { settleWaiting(round) }
        while true {
            let last = after
            guard let next = try await store.offPool({ try $0.nextQueuedFile(after: last) }) else { return }
            after = next
            if let budget, spent >= budget { break }
            let bytes: [UInt8]
            do {
                // Read and hashed off the cooperative pool, like every call to the disk.
                let files = self.files
                bytes = try await store.offPool { _ in try files.read(next.sha256) }
            } catch {
                // Damaged or missing here: `fsck` finds it and fetches what the hub holds.
                round.settle { $0.filesHeldBack += 1 }
                continue
            }
            switch try await send(next, bytes: bytes, round: round, spent: &spent) {
            case .delivered:
                try await store.offPool { try $0.fileDelivered(next.sha256) }
                round.settle {
                    $0.filesSent += 1
                    $0.filesWaiting -= 1
                }
            case .refused:
                round.settle { $0.filesHeldBack += 1 }
            case .outOfBudget:
                return
            case .notTaken:
                // A hub of an earlier release (no /v1/files): the scans wait for its upgrade.
                round.settle { $0.filesHeldBack += 1 }
                return
            }
        }
    }

    private func settleWaiting(_ round: RoundProgress) {
        guard let waiting = try? store.filesWaiting() else { return }
        round.settle {
            $0.filesWaiting = waiting.count
            $0.fileBytesWaiting = waiting.bytes
        }
    }

    enum Outcome {
        case delivered, refused, outOfBudget, notTaken
    }

    /// Sends what the hub lacks of one file, within the budget.
    private func send(_ queued: QueuedFile, bytes: [UInt8], round: RoundProgress, spent: inout Int) async throws -> Outcome {
        let file = FilePieces(of: bytes)
        var failures = 0
        var progress: FileProgress
        do {
            progress = try await announce(file, for: queued, round: round)
        } catch SyncError.rejected(403, _, _) {
            // The hub holds no case of ours naming it (the case was refused): left queued.
            return .refused
        } catch SyncError.rejected(404, _, _) {
            return .notTaken
        }
        while !progress.complete {
            let start = progress.received
            var length = min(pace.current * file.pieceSize, file.byteCount - start)
            if let budget {
                let left = budget - spent
                if left < length { length = left / file.pieceSize * file.pieceSize }
                guard length > 0 else { return .outOfBudget }
            }
            let body = Data(bytes[start..<(start + length)])
            let started = ContinuousClock.now
            do {
                let answer = try await connection.send(
                    method: "PUT", path: "\(SyncProtocol.filesPath)/\(file.sha256)",
                    query: "case=\(queued.key.id)&offset=\(start)", body: body, contentType: "application/octet-stream",
                    shrinkable: length > file.pieceSize, onTransfer: round.transferWatcher)
                progress = try Self.progress(answer.body)
                let seconds = (ContinuousClock.now - started).seconds
                pace.answered(count: length / file.pieceSize, seconds: seconds)
                spent += length
                round.settle { report in
                    report.fileRequests += 1
                    report.fileBytesSent += length
                    report.fileBytesWaiting = max(0, report.fileBytesWaiting - length)
                    report.fileSeconds += seconds
                    report.bytesSent += answer.wire.sent
                    report.bytesReceived += answer.wire.received
                }
                failures = 0
            } catch let error as SyncError where Self.isResumable(error) {
                // Cut, or the hub's count moved (another round, a piece it refused):
                // ask where the file stands and go on from there.
                failures += 1
                if case .interrupted = error { pace.interrupted(count: length / file.pieceSize) }
                guard failures < Self.attemptsPerFile else { throw error }
                progress = try await announce(file, for: queued, round: round)
            }
        }
        return .delivered
    }

    private static func isResumable(_ error: SyncError) -> Bool {
        switch error {
        case .interrupted, .rejected(409, _, _), .rejected(422, _, _): true
        default: false
        }
    }

    private func announce(_ file: FilePieces, for queued: QueuedFile, round: RoundProgress) async throws -> FileProgress {
        let body = try JSONEncoder().encode(FileAnnouncement(caseNumber: queued.key.id, file: file))
        let answer = try await connection.send(method: "POST", path: SyncProtocol.filesAnnouncePath, body: body)
        round.settle { report in
            report.fileRequests += 1
            report.bytesSent += answer.wire.sent
            report.bytesReceived += answer.wire.received
        }
        return try Self.progress(answer.body)
    }

    private static func progress(_ body: Data) throws -> FileProgress {
        do {
            return try JSONDecoder().decode(FileProgress.self, from: body)
        } catch {
            throw SyncError.unreadable("file answer", body, error)
        }
    }
}
