import Foundation
import HalamjCommandLine
import CaseBooks
import ReplicaStorage
import SyncModel
import WebAccess

/// `halamj-node case attach|files|scan`: scanned papers on a case (issue 20).
extension CaseCommand {
    static let scanFile = Positional("file")
    static let scanHash = Positional("hash", help: "the file's hash (its first 8 or more digits, as 'case files' shows)")
    static let output = Option("--out", "<file>", .text, help: "хадгалах (write a copy of the scan to this file; refused if it exists)")
    static let original = Flag("--original", help: "эх хувиар (keep a photo or scanned image as it is, not reduced for the screen)")
    static let reason = Option("--reason", "\"<шалтгаан>\"", .nonBlank, help: "шалтгаан (why it is removed: kept in the access log)")

    static let attachSpec = CommandSpec("halamj-node case attach", """
        Скан хавсаргах (attach a scanned paper, JPEG, PNG or PDF, to a checklist item). A photo
        or image is turned as the camera said and reduced for the screen (at most 2,000 px, a
        JPEG) unless --original; a PDF is kept as it is. The file is kept beside the database
        and goes to the district after the case's records at the next sync. Ticking the paper
        received stays 'case doc'.
        """, options: [original], positionals: [.caseNumber, .document, scanFile], database: NodeCommand.defaultDatabase)
    static let filesSpec = CommandSpec("halamj-node case files", "Хавсаргасан скан (the scans of a case, and which wait to go up)",
                                       options: [Flag.json], positionals: [.caseNumber], database: NodeCommand.defaultDatabase)
    static let scanSpec = CommandSpec("halamj-node case scan", """
        Скан харах (write a copy of one scan to a file to open it). Every view is added to the
        access log ('halamj-node access-log').
        """, options: [output], positionals: [.caseNumber, scanHash], database: NodeCommand.defaultDatabase)

    static let detachSpec = CommandSpec("halamj-node case detach", """
        Скан хасах (remove a scan from its case, e.g. attached to the wrong case): a deliberate
        edit that syncs like any other, with who and why in the access log.
        """, options: [reason], positionals: [.caseNumber, scanHash], database: NodeCommand.defaultDatabase)

    static func detach(_ words: [String]) throws -> Int32 {
        guard let line = try detachSpec.parse(words) else { return ExitCode.success }
        guard let why = try line.optional(reason) else { throw line.usageError("say why with --reason \"<шалтгаан>\"") }
        let book = try openBook(line)
        let number = try line.positional(.caseNumber)
        let scan = try book.detach(number, try line.positional(scanHash))
        try AccessLog(store: book.store).record(user: "cli:\(ProcessInfo.processInfo.userName)", action: AccessLog.Action.removeScan,
                                                subject: number, detail: "\(scan.document) \(scan.sha256): \(why)")
        Console.out("\(number): \(scan.name) хассан (removed); the district sees it at the next sync")
        return ExitCode.success
    }

    static func attach(_ words: [String]) throws -> Int32 {
        guard let line = try attachSpec.parse(words) else { return ExitCode.success }
        let path = try line.positional(scanFile)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read \(path): no such file, or not readable")
        }
        let book = try openBook(line)
        let scan = try book.attach(try line.positional(.caseNumber), document: try line.positional(.document), bytes: Array(data),
                                   name: (path as NSString).lastPathComponent, files: ContentStore.beside(database: book.store.path),
                                   keepOriginal: try line.flag(original))
        Console.out("\(try line.positional(.caseNumber)): \(scan.document) ← \(scan.name) (\(ByteText.bytes(scan.byteCount)), \(scan.sha256.prefix(12))): хавсаргасан (attached); it goes to the district at the next sync")
        return ExitCode.success
    }

    static func files(_ words: [String]) throws -> Int32 {
        guard let line = try filesSpec.parse(words) else { return ExitCode.success }
        let book = try openBook(line)
        let number = try line.positional(.caseNumber)
        let scans = try book.scans(number)
        let files = ContentStore.beside(database: book.store.path)
        let waiting = try Set(book.store.queuedFiles().map(\.sha256))
        let documents = Dictionary(Checklists.documents(for: Service(rawValue: try book.show(number).service ?? "") ?? .elderlyAgeGift).map { ($0.id, $0) },
                                   uniquingKeysWith: { first, _ in first })
        let rows = scans.map { scan in
            ScanLine(scan: scan, here: files.contains(scan.sha256), waiting: waiting.contains(scan.sha256))
        }
        if try line.flag(.json) {
            Console.out(try JSONOutput.string(rows))
            return ExitCode.success
        }
        guard !rows.isEmpty else {
            Console.out("\(number): скан алга (no scans); 'case attach \(number) <document> <file>' adds one")
            return ExitCode.success
        }
        var table = Table(headers: ["Баримт (document)", "Файл (file)", "Хэмжээ (size)", "Хэш (hash)", "Төлөв (state)"])
        for row in rows {
            let document = documents[row.scan.document].map { "\($0.mongolian) (\($0.id))" } ?? row.scan.document
            table.add([document, row.scan.name, ByteText.bytes(row.scan.byteCount), String(row.scan.sha256.prefix(12)), row.state])
        }
        Console.out(table.render())
        return ExitCode.success
    }

    static func scan(_ words: [String]) throws -> Int32 {
        guard let line = try scanSpec.parse(words) else { return ExitCode.success }
        let book = try openBook(line)
        let number = try line.positional(.caseNumber)
        guard let out = try line.optional(output) else { throw line.usageError("give --out <file> to write the scan to") }
        guard !FileManager.default.fileExists(atPath: out) else { throw CommandFailure("\(out) exists; give another --out") }
        let (scan, bytes) = try book.scanFile(number, try line.positional(scanHash), files: ContentStore.beside(database: book.store.path))
        try AccessLog(store: book.store).record(user: "cli:\(ProcessInfo.processInfo.userName)",
                                                action: AccessLog.Action.viewScan, subject: number, detail: "\(scan.document) \(scan.sha256)")
        guard FileManager.default.createFile(atPath: out, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw CommandFailure("cannot write \(out)")
        }
        Console.out("\(number): \(scan.name) → \(out) (\(ByteText.bytes(bytes.count)), hash checked)")
        return ExitCode.success
    }

    /// One row of `case files`.
    struct ScanLine: Encodable {
        let scan: Scan
        /// The file is in this node's store (it may be only named here: fetched by `fsck`).
        let here: Bool
        /// It waits to go up to the district.
        let waiting: Bool

        var state: String {
            if !here { return "алга (missing here: fsck)" }
            return waiting ? "хүлээгдэж буй (waiting to go up)" : "илгээсэн (at the district)"
        }
    }
}
