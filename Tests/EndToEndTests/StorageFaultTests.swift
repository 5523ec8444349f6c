import Foundation
import Testing
import ReplicaStorage
import SyncModel

/// Storage faults as a user meets them: one clear line, a non-zero exit, and the
/// data stored before intact.
@Suite(.serialized) struct StorageFaultTests {
    let dir = TemporaryDirectory()

    func initNode(in folder: URL) throws {
        try "soum-4309.\(String(repeating: "0", count: 64))".write(to: folder.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        #expect(try Programs.run("halamj-node", ["init", "--office", "soum-4309", "--hub", "http://127.0.0.1:1", "--token-file", "token"], in: folder).status == 0)
    }

    func newCase(in folder: URL, notes: String = "") throws -> Programs.Result {
        try Programs.run("halamj-node", ["case", "new", "--service", "care-elderly", "--rd", "УБ45010112", "--name", "Дорж", "notes=\(notes)"], in: folder)
    }

    func expectOneLineFailure(_ result: Programs.Result, saying words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("Error: "), sourceLocation: sourceLocation)
        #expect(result.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "one line: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(words), "\(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func aFileThatIsNotAHalamjDatabase_OrFromANewerVersion_IsRefusedAndLeftAsItWas() throws {
        let folder = dir.url
        let garbage = dir.path("garbage.db")
        let bytes = Data(String(repeating: "not a database ", count: 500).utf8)
        try bytes.write(to: URL(fileURLWithPath: garbage))
        expectOneLineFailure(try Programs.run("halamj-node", ["case", "list", "--db", garbage], in: folder), saying: "not an SQLite database")
        #expect(try Data(contentsOf: URL(fileURLWithPath: garbage)) == bytes)

        let other = dir.path("other.db")
        do {
            let db = try Database(path: other, create: true)
            try db.execute("CREATE TABLE photos (name TEXT)")
        }
        expectOneLineFailure(try Programs.run("halamj-hub", ["status", "--db", other], in: folder), saying: "another program")

        try initNode(in: folder)
        #expect(try newCase(in: folder).status == 0)
        do {
            let db = try Database(path: dir.path("halamj-node.db"), create: false)
            try db.execute("INSERT INTO halamj_migrations VALUES ('9001-from-a-newer-halamj', 0)")
        }
        expectOneLineFailure(try Programs.run("halamj-node", ["case", "list"], in: folder), saying: "newer Halamj")
        let db = try Database(path: dir.path("halamj-node.db"), create: false)
        #expect(try db.scalarInt("SELECT count(*) FROM records") == 1)
        expectOneLineFailure(try Programs.run("halamj-hub", ["status", "--db", dir.path("halamj-node.db")], in: folder), saying: "soum node's database")
    }

    /// A small disk of our own (tmpfs), filled and made read-only. Needs root to mount.
    static let canMount: Bool = getuid() == 0

    @Test(.enabled(if: canMount, "mounting a small test disk needs root"))
    func aFullDisk_AndAReadOnlyDisk_GiveOneClearLine_AndKeepWhatWasStored() throws {
        let disk = dir.url.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        func mount(_ options: String) throws -> Int32 {
            try Programs.runAbsolute("/bin/mount", options == "new" ? ["-t", "tmpfs", "-o", "size=600k", "tmpfs", disk.path] : ["-o", "remount,\(options)", disk.path], in: dir.url).status
        }
        guard try mount("new") == 0 else {
            Issue.record("could not mount a tmpfs for the test")
            return
        }
        defer { _ = try? Programs.runAbsolute("/bin/umount", [disk.path], in: dir.url) }
        try initNode(in: disk)
        let notes = String(repeating: "тэмдэглэл ", count: 3_000)  // ~57 KB a case (one argument may hold 128 KB)
        var stored = 0
        var failure: Programs.Result?
        for _ in 0..<40 {
            let result = try newCase(in: disk, notes: notes)
            if result.status != 0 { failure = result; break }
            stored += 1
        }
        let full = try #require(failure, "the disk never filled")
        expectOneLineFailure(full, saying: "disk is full")
        #expect(stored >= 1)
        #expect(try mount("size=8m") == 0)
        let listed = try Programs.run("halamj-node", ["case", "list", "--json"], in: disk)
        #expect((try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [Any])?.count == stored, "every case stored before is there")

        #expect(try mount("ro") == 0)
        expectOneLineFailure(try Programs.run("halamj-node", ["case", "list"], in: disk), saying: "cannot be written")
        #expect(try mount("rw") == 0)
        let again = try Programs.run("halamj-node", ["case", "list", "--json"], in: disk)
        #expect((try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [Any])?.count == stored)
    }
}
