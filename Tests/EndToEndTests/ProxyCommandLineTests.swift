import Foundation
import Testing
import LinkEmulation

/// An office behind an HTTP proxy (issue 17, item 1): `--proxy` on init/config sends every
/// request through it. The "proxy" here relays bytes to the hub, which takes the
/// absolute-form requests a proxy forwards (RFC 9112, 3.2.2).
@Suite struct ProxyCommandLineTests {
    let dir = TemporaryDirectory()

    @Test func anOfficeBehindAProxy_SyncsThroughIt_AndConfigShowsOrDropsIt() throws {
        let (hubDir, soum, hub) = try dir.servedOffice()
        defer { hub.stop() }
        let proxy = try LinkProxy(upstreamPort: UInt16(hub.port))
        defer { proxy.stop() }
        let wrong = try Programs.run("halamj-node", ["config", "--proxy", "ftp://10.0.0.1"], in: soum)
        #expect(wrong.status == 64 && wrong.stderr.contains("--proxy takes a proxy's address"), "\(wrong.stderr)")
        #expect(try Programs.run("halamj-node", ["config", "--proxy", proxy.url.absoluteString], in: soum).stdout
                    .contains("прокси (proxy) \(proxy.url.absoluteString)"))
        try Programs.succeed("halamj-node", ["case", "new", "--service", "elderly-age-gift", "--rd", "УБ45010112", "--name", "Бат"], in: soum)
        // The environment's proxy settings must not be what carries it.
        let environment = ["http_proxy": "", "https_proxy": "", "HTTP_PROXY": "", "no_proxy": "", "NO_PROXY": ""]
        let synced = try Programs.run("halamj-node", ["sync"], in: soum, environment: environment)
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(proxy.connectionsAccepted >= 2, "a push and a pull through the proxy")
        let listed = try Programs.succeed("halamj-hub", ["case", "list", "--office", "soum-4305", "--json"], in: hubDir)
        #expect(listed.contains("\"Бат\""))

        // Dropped: the next sync goes straight to the hub.
        #expect(!(try Programs.succeed("halamj-node", ["config", "--proxy", "none"], in: soum)).contains("прокси"))
        let before = proxy.connectionsAccepted
        #expect(try Programs.run("halamj-node", ["sync"], in: soum, environment: environment).status == 0)
        #expect(proxy.connectionsAccepted == before)
    }
}
