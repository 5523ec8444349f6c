import Foundation
import HalamjTestSupport

/// A district's private CA and the hub's certificate it signed (for 127.0.0.1), made with
/// the `openssl` program in a temporary folder; and, to be refused, another CA and another
/// key's pin.
final class TestCertificates: Sendable {
    let directory = TemporaryDirectory()
    var caCertificate: String { directory.path("district-ca.pem") }
    var otherCACertificate: String { directory.path("other-ca.pem") }
    var hubCertificate: String { directory.path("hub.crt") }
    var hubKey: String { directory.path("hub.key") }
    /// libcurl's `sha256//<base64>` of the hub's public key, as `--pin` takes it.
    let hubPin: String
    let otherKeyPin: String

    init() throws {
        let dir = directory
        try Self.makeCA(key: dir.path("district-ca.key"), certificate: dir.path("district-ca.pem"), name: "Halamj test district CA")
        try Self.makeCA(key: dir.path("other-ca.key"), certificate: dir.path("other-ca.pem"), name: "Some other CA")
        try OpenSSL.run(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", dir.path("hub.key"),
                      "-out", dir.path("hub.csr"), "-subj", "/CN=127.0.0.1"])
        try "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n".write(
            toFile: dir.path("hub.ext"), atomically: true, encoding: .utf8)
        try OpenSSL.run(["x509", "-req", "-in", dir.path("hub.csr"), "-CA", dir.path("district-ca.pem"),
                      "-CAkey", dir.path("district-ca.key"), "-CAcreateserial", "-out", dir.path("hub.crt"),
                      "-days", "2", "-extfile", dir.path("hub.ext")])
        hubPin = try Self.pin(ofKey: dir.path("hub.key"), in: dir)
        otherKeyPin = try Self.pin(ofKey: dir.path("other-ca.key"), in: dir)
    }

    private static func makeCA(key: String, certificate: String, name: String) throws {
        try OpenSSL.run(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                 "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=\(name)",
                 "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    }

    /// The SHA-256 of the key's SubjectPublicKeyInfo (DER), base64: what `openssl pkey -pubout
    /// -outform DER | openssl dgst -sha256 -binary | base64` prints.
    private static func pin(ofKey key: String, in dir: TemporaryDirectory) throws -> String {
        let name = URL(fileURLWithPath: key).lastPathComponent
        try OpenSSL.run(["pkey", "-in", key, "-pubout", "-outform", "DER", "-out", dir.path("\(name).spki")])
        try OpenSSL.run(["dgst", "-sha256", "-binary", "-out", dir.path("\(name).sha256"), dir.path("\(name).spki")])
        return "sha256//" + (try Data(contentsOf: URL(fileURLWithPath: dir.path("\(name).sha256")))).base64EncodedString()
    }
}
