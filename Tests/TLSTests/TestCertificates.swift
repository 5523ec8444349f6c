import Foundation
import HalamjTestSupport

/// A district's private CA and the hub's certificate it signed (for 127.0.0.1), made with
/// the `openssl` program in a temporary folder; and, to be refused, another CA, another
/// key's pin, and a certificate for the hub from the right CA that expired in 2024.
final class TestCertificates: Sendable {
    let directory = TemporaryDirectory()
    var caCertificate: String { directory.path("district-ca.pem") }
    var otherCACertificate: String { directory.path("other-ca.pem") }
    var hubCertificate: String { directory.path("hub.crt") }
    var hubKey: String { directory.path("hub.key") }
    /// The same name and key, signed by the district's CA, valid only on 1 January 2024.
    var expiredHubCertificate: String { directory.path("hub-expired.crt") }
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
        // `openssl ca` is the one command of OpenSSL 3.0 that signs for dates in the past.
        try "[ca]\ndefault_ca = district\n[district]\ndatabase = \(dir.path("index.txt"))\nnew_certs_dir = \(dir.url.path)\n"
            .appending("serial = \(dir.path("serial"))\ndefault_md = sha256\npolicy = any\n[any]\ncommonName = supplied\n")
            .write(toFile: dir.path("ca.cnf"), atomically: true, encoding: .utf8)
        try "".write(toFile: dir.path("index.txt"), atomically: true, encoding: .utf8)
        try "01\n".write(toFile: dir.path("serial"), atomically: true, encoding: .utf8)
        try OpenSSL.run(["ca", "-batch", "-config", dir.path("ca.cnf"), "-cert", dir.path("district-ca.pem"), "-keyfile", dir.path("district-ca.key"),
                         "-in", dir.path("hub.csr"), "-out", dir.path("hub-expired.crt"), "-notext",
                         "-startdate", "20240101000000Z", "-enddate", "20240102000000Z", "-extfile", dir.path("hub.ext")])
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
