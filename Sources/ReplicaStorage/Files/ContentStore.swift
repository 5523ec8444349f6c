#if canImport(Glibc)
import Glibc
#endif
import SyncModel

/// Files kept by their content (issue 20's scans): each under its SHA-256 in a folder
/// beside the database (`<database>-files/ab/abcdef…`), written once, never changed.
///
/// - Atomic: a file is written under `tmp/`, flushed to disk, then renamed to its name;
///   no reader ever sees half a file, and a crash leaves only a temporary file that the
///   next store removes.
/// - Deduplicated: the same bytes attached twice are one file.
/// - Checked: every read hashes what it read and refuses a file that no longer matches
///   (`ContentStoreError.corrupt`); `check` says which files are missing or damaged.
/// - Pieces (`receive(piece…)`): a file arriving over a slow link grows under
///   `partial/` one verified piece at a time and becomes a file only once it hashes to
///   its name.
///
/// Several processes may use one store (the web app and the command line): every step is
/// a rename or an append to a file of one hash.
public final class ContentStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The store of the replica whose database is at `database`.
    public static func beside(database: String) -> ContentStore {
        ContentStore(directory: database + "-files")
    }

    /// What is on disk for one hash.
    public enum State: String, Sendable, Equatable, Codable {
        case intact, missing, corrupt
    }

    public func path(of sha256: String) -> String {
        "\(directory)/\(sha256.prefix(2))/\(sha256)"
    }

    /// Whether a file of `sha256` is here (not read; `check` reads it).
    public func contains(_ sha256: String) -> Bool {
        Scan.isHash(sha256) && access(path(of: sha256), F_OK) == 0
    }

    /// Keeps `bytes` and returns their hash; a file already kept is left as it is.
    @discardableResult
    public func put(_ bytes: [UInt8]) throws -> String {
        let sha = SHA256.hexDigest(bytes)
        if check(sha) == .intact { return sha }
        try writeAtomically(bytes, to: path(of: sha))
        return sha
    }

    /// The bytes of `sha256`, hashed on the way: `missing` or `corrupt` otherwise.
    public func read(_ sha256: String) throws -> [UInt8] {
        guard Scan.isHash(sha256) else { throw ContentStoreError.missing(sha256: sha256) }
        let file = path(of: sha256)
        guard let bytes = try readWhole(file) else { throw ContentStoreError.missing(sha256: sha256) }
        guard SHA256.hexDigest(bytes) == sha256 else { throw ContentStoreError.corrupt(sha256: sha256, path: file) }
        return bytes
    }

    /// Whether `sha256`'s file is here and whole.
    public func check(_ sha256: String) -> State {
        do {
            _ = try read(sha256)
            return .intact
        } catch ContentStoreError.corrupt {
            return .corrupt
        } catch {
            return .missing
        }
    }

    /// Moves a damaged file aside (`damaged/<hash>`), so that it can be fetched again
    /// and its bytes are still there for whoever looks into why.
    public func setAside(_ sha256: String) throws {
        let aside = "\(directory)/damaged"
        try makeFolder(aside)
        let file = path(of: sha256)
        guard rename(file, "\(aside)/\(sha256)") == 0 || errno == ENOENT else {
            throw ContentStoreError.failure("rename", file, directory: directory)
        }
    }

    /// The hashes of every file kept (not partial ones).
    public func hashes() throws -> [String] {
        var result: [String] = []
        for folder in try entries(directory) where folder.utf8.count == 2 {
            result += try entries("\(directory)/\(folder)").filter { Scan.isHash($0) && $0.hasPrefix(folder) }
        }
        return result.sorted()
    }

    /// What `copy(to:)` did.
    public struct Copied: Sendable, Equatable {
        public var files = 0
        public var bytes = 0
        /// Files here that no longer match their hash: not copied (`fsck` fetches them).
        public var damaged: [String] = []
    }

    /// Copies every file kept here that `other` lacks (read and checked, written
    /// atomically there): a backup's scans, or a restore's.
    public func copy(to other: ContentStore) throws -> Copied {
        var copied = Copied()
        for sha in try hashes() where !other.contains(sha) {
            do {
                let bytes = try read(sha)
                try other.put(bytes)
                copied.files += 1
                copied.bytes += bytes.count
            } catch ContentStoreError.corrupt {
                copied.damaged.append(sha)
            }
        }
        return copied
    }

    // MARK: pieces

    /// How many bytes of `sha256` have arrived so far (0 when none, or when the file is
    /// whole already: ask `contains` first).
    public func receivedBytes(of sha256: String) -> Int {
        var info = stat()
        guard stat(partialPath(of: sha256), &info) == 0 else { return 0 }
        return Int(info.st_size)
    }

    /// Appends `bytes` to the partial file of `sha256` at `offset` (which must be what
    /// has arrived: the caller checked it, and the piece's hash). A failed append is cut
    /// back off, so the partial file only ever holds whole pieces.
    public func appendPiece(_ bytes: [UInt8], to sha256: String, at offset: Int) throws {
        try makeFolder("\(directory)/partial")
        let file = partialPath(of: sha256)
        let descriptor = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ContentStoreError.failure("open", file, directory: directory) }
        defer { close(descriptor) }
        do {
            guard ftruncate(descriptor, off_t(offset)) == 0, lseek(descriptor, off_t(offset), SEEK_SET) == off_t(offset) else {
                throw ContentStoreError.failure("seek", file, directory: directory)
            }
            try writeAll(bytes, to: descriptor, path: file)
            guard fsync(descriptor) == 0 else { throw ContentStoreError.failure("fsync", file, directory: directory) }
        } catch {
            _ = ftruncate(descriptor, off_t(offset))
            throw error
        }
    }

    /// Makes the partial file of `sha256` a kept file once it hashes to its name; a
    /// partial file that does not is removed (`mismatch`).
    public func completePartial(_ sha256: String) throws {
        let file = partialPath(of: sha256)
        guard let bytes = try readWhole(file) else { throw ContentStoreError.missing(sha256: sha256) }
        let actual = SHA256.hexDigest(bytes)
        guard actual == sha256 else {
            unlink(file)
            throw ContentStoreError.mismatch(expected: sha256, actual: actual)
        }
        try place(file, as: sha256)
        unlink(file + ".announced")
    }

    /// Forgets what arrived of `sha256`, and its announcement.
    public func discardPartial(_ sha256: String) {
        unlink(partialPath(of: sha256))
        unlink(partialPath(of: sha256) + ".announced")
    }

    /// Keeps what the sender announced of `sha256` (its pieces) until the file is whole.
    public func saveAnnouncement(_ bytes: [UInt8], for sha256: String) throws {
        try writeAtomically(bytes, to: partialPath(of: sha256) + ".announced")
    }

    /// What was announced of `sha256`, if anything is waiting for it.
    public func announcement(for sha256: String) throws -> [UInt8]? {
        try readWhole(partialPath(of: sha256) + ".announced")
    }

    func partialPath(of sha256: String) -> String { "\(directory)/partial/\(sha256)" }

    // MARK: the file system

    /// A new empty file under `tmp/`; temporary files a crash left behind (over an hour
    /// old: another process may be writing a fresh one) are removed first.
    private func temporaryFile() throws -> String {
        let folder = "\(directory)/tmp"
        try makeFolder(folder)
        removeStale(in: folder)
        var template = Array("\(folder)/put-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw ContentStoreError.failure("mkstemp", folder, directory: directory) }
        close(descriptor)
        return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func removeStale(in folder: String) {
        let hourAgo = time(nil) - 3_600
        for name in (try? entries(folder)) ?? [] {
            var info = stat()
            let file = "\(folder)/\(name)"
            if stat(file, &info) == 0, info.st_mtim.tv_sec < hourAgo { unlink(file) }
        }
    }

    private func write(_ bytes: [UInt8], to file: String) throws {
        let descriptor = open(file, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard descriptor >= 0 else { throw ContentStoreError.failure("open", file, directory: directory) }
        defer { close(descriptor) }
        try writeAll(bytes, to: descriptor, path: file)
        guard fsync(descriptor) == 0 else { throw ContentStoreError.failure("fsync", file, directory: directory) }
    }

    private func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ContentStoreError.failure("write", path, directory: directory)
            }
            written += count
        }
    }

    /// Renames a flushed file to the name of `sha256` and flushes the folder, so that
    /// the name survives a power cut too.
    private func place(_ file: String, as sha256: String) throws {
        try install(file, at: path(of: sha256))
    }

    /// Writes `bytes` to a temporary file, flushes it and renames it to `target`: whole or
    /// not at all (the temporary file is removed when anything fails).
    private func writeAtomically(_ bytes: [UInt8], to target: String) throws {
        let temporary = try temporaryFile()
        do {
            try write(bytes, to: temporary)
            try install(temporary, at: target)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Renames a flushed file to `target` (its folder made if needed) and flushes the
    /// folder, so that the name survives a power cut too.
    private func install(_ file: String, at target: String) throws {
        let folder = String(target[..<target.lastIndex(of: "/")!])
        try makeFolder(folder)
        guard rename(file, target) == 0 else { throw ContentStoreError.failure("rename", target, directory: directory) }
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            _ = fsync(descriptor)
            close(descriptor)
        }
    }

    private func makeFolder(_ folder: String) throws {
        if access(folder, F_OK) == 0 { return }
        if access(directory, F_OK) != 0, mkdir(directory, 0o700) != 0, errno != EEXIST {
            throw ContentStoreError.failure("mkdir", directory, directory: directory)
        }
        if mkdir(folder, 0o700) != 0, errno != EEXIST {
            throw ContentStoreError.failure("mkdir", folder, directory: directory)
        }
    }

    /// The whole file, or nil when there is none.
    private func readWhole(_ file: String) throws -> [UInt8]? {
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw ContentStoreError.failure("open", file, directory: directory)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw ContentStoreError.failure("stat", file, directory: directory) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + done, $0.count - done) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                if count == 0 { break }
                throw ContentStoreError.failure("read", file, directory: directory)
            }
            done += count
        }
        return done == bytes.count ? bytes : Array(bytes.prefix(done))
    }

    private func entries(_ folder: String) throws -> [String] {
        guard let handle = opendir(folder) else {
            if errno == ENOENT { return [] }
            throw ContentStoreError.failure("opendir", folder, directory: directory)
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
