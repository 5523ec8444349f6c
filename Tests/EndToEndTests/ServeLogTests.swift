import Foundation
import Testing

/// `halamj-hub serve` logs to stderr, a line a request at the default level, failures only
/// with `--log-level error`.
@Suite struct ServeLogTests {
    let dir = TemporaryDirectory()

    /// The hub served with `options`, asked once without a token; what it wrote to stderr.
    func logOfOneRefusedRequest(_ options: [String]) throws -> String {
        let folder = try dir.folder("hub-\(options.joined())")
        try Programs.succeed("halamj-hub", ["init", "--id", "hub-43"], in: folder)
        let stderr = folder.appendingPathComponent("stderr.log")
        let hub = try ServedHub(directory: folder, options: options, standardError: stderr)
        let client = try TestHTTPClient(port: UInt16(hub.port))
        try client.send("GET /v1/status?secret=1 HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer not-a-token\r\n\r\n")
        #expect(try client.readResponse()?.status == 401)
        hub.stop()
        return try String(contentsOf: stderr, encoding: .utf8)
    }

    @Test func theDefaultLevel_LogsEachRequest_AndErrorHidesThem() throws {
        let info = try logOfOneRefusedRequest([])
        #expect(info.contains(" info hub: request method=GET route=/v1/status status=401 client=127.0.0.1 in=0 out="), "\(info)")
        #expect(info.contains("error=unauthorized"))
        #expect(!info.contains("not-a-token") && !info.contains("secret"))

        let quiet = try logOfOneRefusedRequest(["--log-level", "error"])
        #expect(!quiet.contains(" info hub:"), "\(quiet)")
        #expect(!quiet.contains("route="))
    }

    @Test func anUnknownLevel_IsAUsageError() throws {
        let result = try Programs.run("halamj-hub", ["serve", "--listen", "127.0.0.1:0", "--log-level", "loud"], in: dir.url)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--log-level takes debug, info, notice, warning or error"), "\(result.stderr)")
        let node = try Programs.run("halamj-node", ["serve", "--listen", "127.0.0.1:0", "--log-level", "loud"], in: dir.url)
        #expect(node.status == 64, "\(node.stderr)")
    }
}
