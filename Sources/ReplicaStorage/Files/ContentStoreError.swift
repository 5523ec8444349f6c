#if canImport(Glibc)
import Glibc
#endif

/// Why the content store could not keep or give a file; each says what to do.
public enum ContentStoreError: Error, Equatable, CustomStringConvertible {
    /// The disk (or the folder's file system) is full: nothing partial was left behind.
    case diskFull(directory: String)
    /// No file of that hash here.
    case missing(sha256: String)
    /// The file on disk no longer hashes to its name (a failing disk, an edit by hand).
    case corrupt(sha256: String, path: String)
    /// The bytes offered do not hash to what they were announced as.
    case mismatch(expected: String, actual: String)
    /// Any other failure of the file system, with its call and reason.
    case io(operation: String, path: String, reason: String)

    public var description: String {
        switch self {
        case .diskFull(let directory):
            "the disk holding \(directory) is full: nothing was stored (no partial file is left); free some space and try again"
        case .missing(let sha):
            "file \(sha.prefix(16))… is not here; 'fsck' fetches missing files from the other side"
        case .corrupt(let sha, let path):
            "file \(sha.prefix(16))… is damaged on disk (\(path) no longer matches its hash); run 'fsck' to fetch it again"
        case .mismatch(let expected, let actual):
            "the bytes hash to \(actual.prefix(16))…, not the \(expected.prefix(16))… announced: refused, nothing stored"
        case .io(let operation, let path, let reason):
            "\(operation) \(path): \(reason)"
        }
    }

    /// The error for a failed call on `path`: disk full for ENOSPC/EDQUOT, else `io`.
    static func failure(_ operation: String, _ path: String, directory: String, code: Int32 = errno) -> ContentStoreError {
        if code == ENOSPC || code == EDQUOT { return .diskFull(directory: directory) }
        return .io(operation: operation, path: path, reason: String(cString: strerror(code)))
    }
}
