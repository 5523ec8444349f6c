import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import ReplicaStorage
import SyncModel
import HalamjTestSupport

/// The content store keeps each file once, under its hash, whole or not at all, and never
/// gives back bytes that do not match their name.
@Suite struct ContentStoreTests {
    let directory = TemporaryDirectory()
    var store: ContentStore { ContentStore(directory: directory.path("files")) }

    static func scan(_ count: Int, seed: UInt64 = 7) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        return Array("%PDF-1.4\n".utf8) + (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    @Test func aFileIsKeptUnderItsHash_OnceHoweverOftenItIsPut() throws {
        let bytes = Self.scan(100_000)
        let sha = try store.put(bytes)
        #expect(sha == SHA256.hexDigest(bytes))
        #expect(try store.put(bytes) == sha)
        #expect(try store.hashes() == [sha])
        #expect(try store.read(sha) == bytes)
        #expect(store.check(sha) == .intact)
        #expect(FileManager.default.fileExists(atPath: store.path(of: sha)))
        // Nothing is left under tmp/ once a put is done.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("files/tmp")).isEmpty)
    }

    @Test func aDamagedFile_IsRefusedOnReading_AndFoundByTheCheck() throws {
        let bytes = Self.scan(10_000)
        let sha = try store.put(bytes)
        let handle = try #require(FileHandle(forUpdatingAtPath: store.path(of: sha)))
        try handle.seek(toOffset: 5_000)
        try handle.write(contentsOf: Data([0x00, 0x01]))
        try handle.close()
        #expect(throws: ContentStoreError.corrupt(sha256: sha, path: store.path(of: sha))) { try store.read(sha) }
        #expect(store.check(sha) == .corrupt)
        // Put again (fetched from the other side): the damaged file is replaced.
        try store.setAside(sha)
        #expect(store.check(sha) == .missing)
        #expect(try store.put(bytes) == sha)
        #expect(try store.read(sha) == bytes)
        #expect(FileManager.default.fileExists(atPath: directory.path("files/damaged/\(sha)")), "the damaged bytes are kept aside")
    }

    @Test func aMissingFile_SaysSo() throws {
        let sha = SHA256.hexDigest(Array("nothing".utf8))
        #expect(throws: ContentStoreError.missing(sha256: sha)) { try store.read(sha) }
        #expect(store.check(sha) == .missing)
        #expect(!store.contains(sha))
    }

    @Test func piecesBecomeAFile_OnlyWhenTheWholeHashesToItsName() throws {
        let bytes = Self.scan(150_000)
        let file = FilePieces(of: bytes)
        #expect(file.pieces.count == 3)
        #expect(file.problem == nil)
        for index in file.pieces.indices {
            let piece = bytes[file.range(ofPiece: index)]
            #expect(file.holds(piece, asPiece: index))
            #expect(!file.holds(piece.dropLast(), asPiece: index))
            try store.appendPiece(Array(piece), to: file.sha256, at: file.range(ofPiece: index).lowerBound)
            #expect(store.receivedBytes(of: file.sha256) == file.range(ofPiece: index).upperBound)
        }
        #expect(!store.contains(file.sha256), "not a file until it is completed")
        try store.completePartial(file.sha256)
        #expect(try store.read(file.sha256) == bytes)

        // Bytes that do not make the named file are dropped whole.
        let other = Self.scan(70_000, seed: 8)
        let named = SHA256.hexDigest(Self.scan(70_000, seed: 9))
        try store.appendPiece(other, to: named, at: 0)
        #expect(throws: ContentStoreError.mismatch(expected: named, actual: SHA256.hexDigest(other))) { try store.completePartial(named) }
        #expect(!store.contains(named))
        #expect(store.receivedBytes(of: named) == 0)
    }

    /// A real full disk: a 256 KiB tmpfs mounted for the test (root only).
    @Test(.enabled(if: geteuid() == 0, "mounting a small tmpfs to fill needs root"))
    func aFullDisk_LeavesNoPartialFile_AndSaysSo() throws {
        let mount = directory.path("small")
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        let mounted = Process()
        mounted.executableURL = URL(fileURLWithPath: "/bin/mount")
        mounted.arguments = ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mount]
        try mounted.run()
        mounted.waitUntilExit()
        try #require(mounted.terminationStatus == 0, "mount -t tmpfs failed")
        defer {
            let unmount = Process()
            unmount.executableURL = URL(fileURLWithPath: "/bin/umount")
            unmount.arguments = [mount]
            try? unmount.run()
            unmount.waitUntilExit()
        }
        let small = ContentStore(directory: mount + "/files")
        let fits = Self.scan(60_000)
        let sha = try small.put(fits)
        let large = Self.scan(400_000, seed: 11)
        #expect(throws: ContentStoreError.diskFull(directory: mount + "/files")) { try small.put(large) }
        #expect(!small.contains(SHA256.hexDigest(large)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: mount + "/files/tmp").isEmpty, "no partial file is left")
        #expect(try small.read(sha) == fits, "what was kept before is untouched")
        // The message says what happened and what to do.
        #expect("\(ContentStoreError.diskFull(directory: mount + "/files"))".contains("full"))
        // A piece that does not fit is cut back off: the partial file holds whole pieces only.
        try small.appendPiece(Array(large[0..<65_536]), to: SHA256.hexDigest(large), at: 0)
        #expect(throws: ContentStoreError.diskFull(directory: mount + "/files")) {
            try small.appendPiece(Array(large[65_536...]), to: SHA256.hexDigest(large), at: 65_536)
        }
        #expect(small.receivedBytes(of: SHA256.hexDigest(large)) == 65_536)
    }
}
