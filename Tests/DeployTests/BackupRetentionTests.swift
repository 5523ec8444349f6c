import Foundation
import HalamjTestSupport
import Testing

/// deploy/systemd/halamj-backup, which the nightly backup units run: today's backup by
/// the program's own `backup`, and the newest 14 kept.
@Suite struct BackupRetentionTests {
    static let script = DeployFolder.systemd.appendingPathComponent("halamj-backup").path

    /// Runs the script with /bin/sh (dash on Debian: POSIX, no bashisms), the database in `db`.
    static func backup(_ arguments: [String], db: String, in folder: URL, journal: Bool = false) throws -> Programs.Result {
        var environment = ["HALAMJ_DB": db]
        if journal { environment["JOURNAL_STREAM"] = "8:12345" }
        return try Programs.runAbsolute("/bin/sh", [script] + arguments, in: folder, environment: environment, timeout: 60)
    }

    static func today() -> String {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.dateFormat = "yyyy-MM-dd"
        return format.string(from: Date())
    }

    /// Twenty nights of backups from January 2000, one a day, and a file that is no backup.
    static func twentyOldBackups(in backups: URL) throws -> [String] {
        let names = (1...20).map { String(format: "hub-2000-01-%02d.db", $0) }
        for name in names + ["notes.txt"] {
            #expect(FileManager.default.createFile(atPath: backups.appendingPathComponent(name).path, contents: Data("x".utf8)))
        }
        return names
    }

    static func listing(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func nightlyBackup_KeepsTheNewest14_TodaysBeingARealBackup() throws {
        let temporary = TemporaryDirectory()
        let hubDir = try temporary.folder("hub"), backups = try temporary.folder("backups")
        let db = hubDir.appendingPathComponent("hub.db").path
        try Programs.succeed("halamj-hub", ["init", "--id", "hub-43", "--db", db], in: hubDir)
        try Programs.succeed("halamj-hub", ["office", "add", "soum-4305", "--db", db], in: hubDir)
        let old = try Self.twentyOldBackups(in: backups)

        let result = try Self.backup([Programs.url("halamj-hub").path, backups.path, "hub", "14"], db: db, in: hubDir)
        #expect(result.status == 0, "\(result.stderr)")

        let todays = "hub-\(Self.today()).db"
        #expect(try Self.listing(backups) == (Array(old.suffix(13)) + [todays, "notes.txt"]).sorted())
        // Today's is the hub's database, readable by its owner only, and lists the office.
        let file = backups.appendingPathComponent(todays).path
        let mode = try #require(FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0)
        let offices = try Programs.succeed("halamj-hub", ["office", "list", "--db", file], in: hubDir)
        #expect(offices.contains("soum-4305"))

        // A second run on the same day replaces today's, and keeps 14 still.
        let again = try Self.backup([Programs.url("halamj-hub").path, backups.path, "hub"], db: db, in: hubDir)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.listing(backups) == (Array(old.suffix(13)) + [todays, "notes.txt"]).sorted())
    }

    @Test func failedBackup_DeletesNoEarlierBackup_AndLeavesNoPartialFile() throws {
        let temporary = TemporaryDirectory()
        let backups = try temporary.folder("backups")
        let old = try Self.twentyOldBackups(in: backups)
        // No database at HALAMJ_DB: `backup` fails with its own Error: line.
        // As the backup service runs it: `journalctl -u halamj-hub-backup -p err` shows both lines.
        let result = try Self.backup(
            [Programs.url("halamj-hub").path, backups.path, "hub", "14"], db: temporary.path("missing.db"), in: temporary.url,
            journal: true)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.first?.hasPrefix("<3>Error: ") == true, "\(result.stderr)")
        #expect(lines.last == "<3>halamj-backup: the backup failed; no earlier backup was deleted", "\(result.stderr)")
        #expect(try Self.listing(backups) == (old + ["notes.txt"]).sorted())
    }

    @Test(arguments: [["prog", "dir"], ["prog", "dir", "Hub Backups"], ["prog", "dir", "hub", "0"], ["prog", "dir", "hub", "x"]])
    func mistypedArguments_AreRefusedWith64_BeforeAnythingIsTouched(_ arguments: [String]) throws {
        let temporary = TemporaryDirectory()
        let result = try Self.backup(arguments, db: temporary.path("hub.db"), in: temporary.url)
        #expect(result.status == 64, "\(result.stderr)")
    }
}
