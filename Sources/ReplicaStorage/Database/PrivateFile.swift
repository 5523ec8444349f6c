#if canImport(Glibc)
import Glibc
#endif

/// Files that hold secrets (a replica's database keeps its hub token or the hash of
/// every office's; a backup is a copy of that) are made readable by their owner only.
///
/// SQLite creates a database with 0644 minus the caller's umask, so the file is made
/// here first, empty, with mode 0600 set by `fchmod` (which the umask does not touch),
/// before SQLite opens it and writes anything. SQLite then makes the `-wal` and `-shm`
/// files with the main file's mode, so they are 0600 too.
///
/// A file that already exists is left exactly as it is, mode included, and nothing is
/// printed about it: its owner may have set that mode on purpose (a group-readable file
/// for a backup or monitoring account), changing the permissions of a file we did not
/// make would surprise them, and a warning at every command would be noise in every cron
/// mail. docs/operations.md says how to tighten a file made before this rule.
public enum PrivateFile {
    /// Owner read and write, nobody else anything.
    public static let mode: mode_t = 0o600

    /// Creates `path` empty with `mode` if nothing is there; returns whether it did.
    /// When it cannot (no such folder, read-only disk), it does nothing and the open
    /// that follows reports the problem in its own words.
    @discardableResult
    public static func createIfMissing(_ path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { return false }
        // open's mode went through the umask, which can only take bits away (never
        // more open than 0600); fchmod's does not, so an odd umask like 0277 still
        // leaves the owner able to write.
        _ = fchmod(descriptor, mode)
        close(descriptor)
        return true
    }
}
