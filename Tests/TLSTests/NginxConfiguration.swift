import Foundation

/// deploy/nginx/halamj-hub.conf as shipped, made runnable in a temporary folder: the same
/// directives with only its listening address, the hub's port and the certificate paths
/// swapped, inside a main configuration that keeps pid, logs and temporary files there.
struct NginxConfiguration {
    /// The shipped file, found from this source file's place in the repository.
    static let shipped = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("deploy/nginx/halamj-hub.conf")

    struct MissingDirective: Error, CustomStringConvertible {
        let directive: String
        var description: String { "deploy/nginx/halamj-hub.conf has no single '\(directive)' line to run it with" }
    }

    /// The shipped server block, listening on 127.0.0.1:`port` in front of a hub on 127.0.0.1:`hubPort`.
    static func server(port: UInt16, hubPort: UInt16, certificate: String, key: String) throws -> String {
        var text = try String(contentsOf: shipped, encoding: .utf8)
        try replace("listen 443 ssl;", with: "listen 127.0.0.1:\(port) ssl;", in: &text)
        try replace("proxy_pass http://127.0.0.1:8470;", with: "proxy_pass http://127.0.0.1:\(hubPort);", in: &text)
        try replace("ssl_certificate     /etc/ssl/halamj/hub43.crt;", with: "ssl_certificate \(certificate);", in: &text)
        try replace("ssl_certificate_key /etc/ssl/halamj/hub43.key;", with: "ssl_certificate_key \(key);", in: &text)
        return text
    }

    /// What Debian's /etc/nginx/nginx.conf provides around a site, with every path in `folder`.
    static func main(folder: String) -> String {
        """
        # Root runs the test; workers stay root so that they can write the temporary folder.
        user root;
        worker_processes 1;
        daemon off;
        pid \(folder)/nginx.pid;
        error_log \(folder)/error.log info;
        events { worker_connections 64; }
        http {
            access_log \(folder)/access.log;
            client_body_temp_path \(folder)/body;
            proxy_temp_path \(folder)/proxy;
            fastcgi_temp_path \(folder)/fastcgi;
            uwsgi_temp_path \(folder)/uwsgi;
            scgi_temp_path \(folder)/scgi;
            include \(folder)/halamj-hub.conf;
        }
        """ + "\n"
    }

    /// Replaces the one line that holds `directive` (its indentation kept); throws unless exactly one does.
    private static func replace(_ directive: String, with replacement: String, in text: inout String) throws {
        var lines = text.components(separatedBy: "\n")
        let matches = lines.indices.filter { lines[$0].trimmingCharacters(in: .whitespaces) == directive }
        guard matches.count == 1, let index = matches.first else { throw MissingDirective(directive: directive) }
        let indentation = lines[index].prefix { $0 == " " }
        lines[index] = indentation + replacement
        text = lines.joined(separator: "\n")
    }
}
