/// `--listen <host:port>` of the programs that serve HTTP.
public struct ListenAddress: Sendable, Equatable {
    public let host: String
    public let port: UInt16

    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]),
              !text[..<colon].isEmpty else { return nil }
        host = String(text[..<colon])
        self.port = port
    }

    /// Loopback names: anything else exposes the app to the office's network.
    public var isLoopback: Bool { host == "127.0.0.1" || host == "localhost" || host.hasPrefix("127.") }
}
