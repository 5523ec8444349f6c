import Foundation
import HalamjTestSupport

/// deploy/systemd in this checkout, and the units in it as systemd reads them.
enum DeployFolder {
    static let systemd = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("deploy/systemd")

    /// Every unit shipped: the services and their timers.
    static func unitNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: systemd.path)
            .filter { $0.hasSuffix(".service") || $0.hasSuffix(".timer") }
            .sorted()
    }

    /// Where an installed system has what the units start, and where this build has it.
    static let installedPaths: [(installed: String, built: String)] = [
        ("/usr/bin/halamj-hub", Programs.url("halamj-hub").path),
        ("/usr/bin/halamj-node", Programs.url("halamj-node").path),
        ("/usr/lib/halamj/halamj-backup", systemd.appendingPathComponent("halamj-backup").path),
    ]

    /// `name`'s text with the installed paths replaced by this build's.
    static func unitWithBuiltPrograms(_ name: String) throws -> String {
        var text = try String(contentsOf: systemd.appendingPathComponent(name), encoding: .utf8)
        for (installed, built) in installedPaths {
            text = text.replacingOccurrences(of: installed, with: built)
        }
        return text
    }
}

/// A unit file's settings: section → key → values in order (a key may repeat).
struct UnitFile {
    let sections: [String: [String: [String]]]

    init(_ text: String) {
        var sections: [String: [String: [String]]] = [:]
        var section = ""
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast())
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]), value = String(line[line.index(after: equals)...])
            sections[section, default: [:]][key, default: []].append(value)
        }
        self.sections = sections
    }

    /// The last value of `key` in [Service], as systemd takes it for a single-valued setting.
    func service(_ key: String) -> String? { sections["Service"]?[key]?.last }
}
