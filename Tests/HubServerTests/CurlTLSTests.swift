import Foundation
import Testing
import HalamjTestSupport
@testable import HalamjHTTP
@testable import HubClient

/// `https://` through `CurlClient`: the certificate and the host name are always verified,
/// against the system's authorities or `caFile`, and against `pinnedPublicKey` when set; a
/// refusal is one line that says TLS. The hub is `openssl s_server` with a certificate made
/// for the test (skipped where there is no openssl program).
@Suite(.enabled(if: OpenSSL.isInstalled))
struct CurlTLSTests {
    /// A self-signed certificate for 127.0.0.1, its key and its public key, and a second
    /// public key that is not the server's.
    final class Credentials: Sendable {
        let dir = TemporaryDirectory()
        var certificate: String { dir.path("cert.pem") }
        var key: String { dir.path("key.pem") }
        var publicKey: String { dir.path("public.pem") }
        var otherPublicKey: String { dir.path("other-public.pem") }

        init() throws {
            try OpenSSL.run(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                                  "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=halamj-test-hub",
                                  "-addext", "subjectAltName=IP:127.0.0.1"])
            try OpenSSL.run(["pkey", "-in", key, "-pubout", "-out", publicKey])
            try OpenSSL.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-out", dir.path("other.pem")])
            try OpenSSL.run(["pkey", "-in", dir.path("other.pem"), "-pubout", "-out", otherPublicKey])
        }
    }

    /// `openssl s_server -www` on 127.0.0.1: answers every request with a status page.
    final class TLSServer {
        let port: UInt16
        private let process = Process()

        init(_ credentials: Credentials) throws {
            let probe = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 1)
            port = try probe.localPort()
            probe.close()
            process.executableURL = URL(fileURLWithPath: OpenSSL.program)
            process.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", credentials.certificate,
                                 "-key", credentials.key, "-www", "-quiet"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                if let socket = try? Socket.connect(host: "127.0.0.1", port: port) {
                    socket.close()
                    return
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw OpenSSL.Failed(arguments: process.arguments ?? [])
        }

        var url: URL { URL(string: "https://127.0.0.1:\(port)/v1/sync/pull?since=0")! }

        deinit {
            // SIGKILL: s_server started from the test process does not end on SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    static func get(_ url: URL, _ change: (inout SyncConfiguration) -> Void) async throws -> CurlClient.Response {
        var configuration = SyncConfiguration()
        configuration.requestTimeout = 5
        configuration.connectTimeout = 5
        change(&configuration)
        return try await CurlClient(configuration: configuration).send(CurlClient.Request(method: "GET", url: url))
    }

    static func refusal(_ error: any Error) -> String? {
        guard let failure = error as? TransportFailure, failure.kind == .untrusted,
              !failure.description.contains("\n") else { return nil }
        return failure.description
    }

    @Test func aHubWhoseCertificateIsFromTheGivenCA_IsSpokenTo() async throws {
        let credentials = try Credentials()
        let server = try TLSServer(credentials)
        let answer = try await Self.get(server.url) { $0.caFile = credentials.certificate }
        #expect(answer.status == 200)
        let pinned = try await Self.get(server.url) {
            $0.caFile = credentials.certificate
            $0.pinnedPublicKey = credentials.publicKey
        }
        #expect(pinned.status == 200)
    }

    @Test func anUnknownCertificate_OrAnotherKeyThanThePinnedOne_IsRefusedInOneLine() async throws {
        let credentials = try Credentials()
        let server = try TLSServer(credentials)
        await #expect { _ = try await Self.get(server.url) { _ in } } throws: {
            Self.refusal($0)?.hasPrefix("TLS: the hub's certificate was not accepted") == true
        }
        await #expect {
            _ = try await Self.get(server.url) {
                $0.caFile = credentials.certificate
                $0.pinnedPublicKey = credentials.otherPublicKey
            }
        } throws: { Self.refusal($0)?.hasPrefix("TLS: the hub's public key is not the pinned one") == true }
        // The certificate names 127.0.0.1 only: by another name, the host check refuses it.
        let byName = URL(string: "https://localhost:\(server.port)/")!
        await #expect { _ = try await Self.get(byName) { $0.caFile = credentials.certificate } } throws: {
            Self.refusal($0)?.hasPrefix("TLS: the hub's certificate was not accepted") == true
        }
    }
}
