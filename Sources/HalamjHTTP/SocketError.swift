#if canImport(Glibc)
import Glibc
#endif

/// A failed system call on a socket, carrying `errno` so callers can tell transient failures apart.
public struct SocketError: Error, Sendable, Equatable, CustomStringConvertible {
    public let operation: String
    public let code: Int32

    public init(operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    /// Captures `errno` right after a failed call; read it before anything else can overwrite it.
    static func lastError(_ operation: String) -> SocketError {
        SocketError(operation: operation, code: errno)
    }

    public var message: String { String(cString: strerror(code)) }

    public var description: String { "\(operation) failed: \(message) (errno \(code))" }
}
