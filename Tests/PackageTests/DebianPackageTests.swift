import Foundation
import HalamjTestSupport
import Testing

/// The packages `bash scripts/package.sh` made, installed on this machine with dpkg as an
/// administrator would, and removed again. `scripts/test.sh` makes them in .build/packages
/// before the tests (a release build takes minutes, so the test never builds them itself);
/// HALAMJ_PACKAGES names another folder.
enum BuiltPackages {
    static let names = ["halamj-hub", "halamj-node"]
    /// What both programs' services share (deploy/systemd's users, backup script), made only
    /// when deploy/systemd has such files.
    static let common = "halamj-common"
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder: URL = ProcessInfo.processInfo.environment["HALAMJ_PACKAGES"]
        .map { URL(fileURLWithPath: $0) } ?? repository.appendingPathComponent(".build/packages")
    static let inCI: Bool = {
        let ci = ProcessInfo.processInfo.environment["CI"] ?? ""
        return !ci.isEmpty && ci != "false" && ci != "0"
    }()

    /// `<name>_<version>_<arch>.deb` in the folder; the newest when there are several.
    static func deb(_ name: String) -> URL? {
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
        return files.filter { $0.lastPathComponent.hasPrefix(name + "_") && $0.pathExtension == "deb" }
            .max { modified($0) < modified($1) }
    }

    private static func modified(_ file: URL) -> Date {
        (try? file.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
    }

    /// Why the install test cannot run here; nil when it can. Missing packages are no reason in
    /// CI, where the test then fails.
    static let missing: String? = {
        if getuid() != 0 { return "not root: the test installs the packages with dpkg -i (run the tests as root)" }
        for program in ["/usr/bin/dpkg", "/usr/bin/dpkg-deb", "/usr/bin/dpkg-query"]
        where !FileManager.default.isExecutableFile(atPath: program) {
            return "\(program) is missing: not a Debian machine"
        }
        if !inCI, let absent = names.first(where: { deb($0) == nil }) {
            return "no \(absent) package in \(folder.path): bash scripts/package.sh makes them (scripts/test.sh does)"
        }
        for name in names + [common] where !["", "not-installed"].contains(Shell.status(of: name)) {
            return "\(name) is installed on this machine already; the test installs and removes its own copy only where there is none"
        }
        return nil
    }()
}

enum Shell {
    /// A system program that must succeed: its stdout.
    @discardableResult
    static func succeed(_ path: String, _ arguments: [String], in directory: URL = URL(fileURLWithPath: "/")) throws -> String {
        let result = try Programs.runAbsolute(path, arguments, in: directory, timeout: 120)
        guard result.status == 0 else { throw Failed(command: [path] + arguments, result: result) }
        return result.stdout
    }

    struct Failed: Error, CustomStringConvertible {
        let command: [String]
        let result: Programs.Result
        var description: String { "\(command.joined(separator: " ")) exited with \(result.status): \(result.stderr)\(result.stdout)" }
    }

    /// dpkg's state of a package: "installed", "config-files", "not-installed", or "" when dpkg never knew it.
    static func status(of package: String) -> String {
        let result = try? Programs.runAbsolute("/usr/bin/dpkg-query", ["-W", "-f=${db:Status-Status}", package], in: URL(fileURLWithPath: "/"))
        return result?.status == 0 ? result!.stdout : ""
    }
}

@Suite(.enabled(if: BuiltPackages.missing == nil, Comment(rawValue: BuiltPackages.missing ?? "")), .serialized)
struct DebianPackageTests {
    /// Both programs' packages, and halamj-common when it was made.
    func debs() throws -> [String: URL] {
        var found: [String: URL] = [:]
        for name in BuiltPackages.names {
            let deb = try #require(BuiltPackages.deb(name), "no \(name)_*.deb in \(BuiltPackages.folder.path): scripts/test.sh runs bash scripts/package.sh before the tests")
            found[name] = deb
        }
        found[BuiltPackages.common] = BuiltPackages.deb(BuiltPackages.common)
        return found
    }

    /// The lines `key=value` of a unit file, by key.
    func values(_ key: String, in unit: String) -> [String] {
        unit.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key else { return nil }
            return parts[1].trimmingCharacters(in: .whitespaces)
        }
    }

    @Test func eachPackage_HoldsItsProgram_ManPage_Docs_AndEveryDeployFile() throws {
        let deployFiles = ["deploy/systemd", "deploy/nginx", "deploy/prometheus"].flatMap { folder -> [String] in
            let root = BuiltPackages.repository.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
            return walker.compactMap { $0 as? String }.filter {
                var isFolder: ObjCBool = false
                FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path, isDirectory: &isFolder)
                return !isFolder.boolValue
            }.map { "\(folder)/\($0)" }
        }
        #expect(deployFiles.contains("deploy/nginx/halamj-hub.conf"))
        for (name, deb) in try debs() where name != BuiltPackages.common {
            let listing = try Shell.succeed("/usr/bin/dpkg-deb", ["-c", deb.path])
            let paths = Set(listing.split(separator: "\n").compactMap { $0.split(separator: " ").last.map { String($0) } })
            for path in ["./usr/bin/\(name)", "./usr/share/man/man1/\(name).1.gz", "./usr/share/doc/\(name)/README.md",
                         "./usr/share/doc/\(name)/operations.md", "./usr/share/doc/\(name)/copyright"] {
                #expect(paths.contains(path), "\(deb.lastPathComponent) has no \(path)")
            }
            for file in deployFiles {
                #expect(paths.contains("./usr/share/\(name)/\(file)"), "\(deb.lastPathComponent) has no \(file)")
                let unit = (file as NSString).lastPathComponent
                if file.hasPrefix("deploy/systemd/") && unit.hasPrefix(name) {
                    #expect(paths.contains("./lib/systemd/system/\(unit)"), "\(deb.lastPathComponent) does not install the unit \(unit)")
                }
            }
            #expect(listing.contains("root/root"), "files owned by root, whoever built the package")
            #expect(!listing.contains("/var/lib/halamj"), "the package owns no data folder, so dpkg never removes one")

            let depends = try Shell.succeed("/usr/bin/dpkg-deb", ["--field", deb.path, "Depends"])
            #expect(depends.contains("libc6"), "\(name): \(depends)")
            #expect(depends.contains("libsqlite3-0"), "\(name): \(depends)")
            #expect(!depends.lowercased().contains("swift"), "\(name): \(depends)")
            // Both sync through libcurl: the node with its district, a district hub with the
            // national hub (issue 19).
            #expect(depends.contains("libcurl"), "\(name): \(depends)")
            if try debs()[BuiltPackages.common] != nil {
                #expect(depends.contains("halamj-common"), "\(name): \(depends)")
            }
        }
    }

    @Test func installedPrograms_RunWithoutTheToolchain_SyncOverLoopback_AndRemovalKeepsTheData() throws {
        let debs = try debs()
        let dir = TemporaryDirectory()
        // A data folder like the services' own: dpkg -r and --purge must leave it as it is.
        let data = URL(fileURLWithPath: "/var/lib/halamj-test-data")
        let dataExisted = FileManager.default.fileExists(atPath: data.path)
        let marker = data.appendingPathComponent("marker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data("cases\n".utf8).write(to: marker)
        let usersBefore = try Self.users()
        defer {
            _ = try? Programs.runAbsolute("/usr/bin/dpkg", ["--purge"] + debs.keys.sorted(), in: dir.url)
            try? FileManager.default.removeItem(at: dataExisted ? marker : data)
            // The services' users the packages made (purge keeps them, as it keeps their data).
            for user in ((try? Self.users().subtracting(usersBefore)) ?? []) where user.hasPrefix("halamj") {
                _ = try? Programs.runAbsolute("/usr/sbin/userdel", [user], in: dir.url)
                _ = try? Programs.runAbsolute("/usr/sbin/groupdel", [user], in: dir.url)
            }
        }

        try Shell.succeed("/usr/bin/dpkg", ["-i"] + debs.values.map(\.path))
        // Every unit can start: the programs its Exec…= lines name are installed, its User= exists.
        for name in debs.keys {
            #expect(Shell.status(of: name) == "installed")
            let units = try Shell.succeed("/usr/bin/dpkg", ["-L", name]).split(separator: "\n")
                .filter { $0.hasPrefix("/lib/systemd/system/") && ($0.hasSuffix(".service") || $0.hasSuffix(".timer")) }
            for path in units {
                let unit = try String(contentsOfFile: String(path), encoding: .utf8)
                for command in ["ExecStart", "ExecStartPre", "ExecStartPost", "ExecStop", "ExecReload"].flatMap({ values($0, in: unit) }) {
                    let program = String(command.drop { "-@:+!".contains($0) }.prefix { $0 != " " })
                    #expect(FileManager.default.isExecutableFile(atPath: program), "\(path): \(program) is not installed")
                }
                for user in values("User", in: unit) {
                    #expect(try Self.users().contains(user), "\(path): the user \(user) was not made")
                }
            }
        }
        for name in BuiltPackages.names {
            let libraries = try Shell.succeed("/usr/bin/ldd", ["/usr/bin/\(name)"])
            for needless in ["libswift", "libFoundation", "libdispatch", "/opt/swift", "not found"] {
                #expect(!libraries.contains(needless), "/usr/bin/\(name) loads \(needless):\n\(libraries)")
            }
            #expect(FileManager.default.fileExists(atPath: "/usr/share/man/man1/\(name).1.gz"))
        }

        let noToolchain = ["LD_LIBRARY_PATH": "", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]
        let help = try Programs.runAbsolute("/usr/bin/halamj-node", ["--help"], in: dir.url, environment: noToolchain)
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("halamj-node — сумын халамжийн хэрэг"), "\(help.stdout.prefix(200))")
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/man") {
            let page = try Programs.runAbsolute("/usr/bin/man", ["-l", "/usr/share/man/man1/halamj-node.1.gz"], in: dir.url,
                                                environment: ["LANG": "C.UTF-8", "MANPAGER": "cat", "PAGER": "cat", "MANWIDTH": "200"])
            #expect(page.status == 0, "\(page.stderr)")
            #expect(page.stdout.contains("сумын халамжийн хэрэг"), "\(page.stdout.prefix(400))")
            #expect(page.stdout.contains("sync"))
        }

        // A district and an office with the installed programs, synced over loopback.
        let hubDir = try dir.folder("hub"), soum = try dir.folder("soum-4305")
        let hubProgram = URL(fileURLWithPath: "/usr/bin/halamj-hub"), nodeProgram = "/usr/bin/halamj-node"
        try Shell.succeed(hubProgram.path, ["init", "--id", "hub-43"], in: hubDir)
        let token = try Shell.succeed(hubProgram.path, ["office", "add", "soum-4305"], in: hubDir)
        try token.write(to: soum.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        let hub = try ServedProgram(executable: hubProgram, ["serve", "--listen", "127.0.0.1:0"], directory: hubDir)
        defer { hub.stop() }
        try Shell.succeed(nodeProgram, ["init", "--office", "soum-4305", "--hub", hub.url, "--token-file", "token"], in: soum)
        let number = try Shell.succeed(nodeProgram, ["case", "new", "--service", "care-elderly", "--rd", "УБ45010112", "--name", "Дорж"], in: soum)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(number.hasPrefix("4305-"))
        let sync = try Programs.runAbsolute(nodeProgram, ["sync"], in: soum, environment: noToolchain)
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(try Shell.succeed(hubProgram.path, ["case", "list", "--json"], in: hubDir).contains(number))
        hub.stop()

        try Shell.succeed("/usr/bin/dpkg", ["-r"] + debs.keys.sorted())
        for name in BuiltPackages.names {
            #expect(!FileManager.default.fileExists(atPath: "/usr/bin/\(name)"), "dpkg -r left /usr/bin/\(name)")
        }
        try Shell.succeed("/usr/bin/dpkg", ["--purge"] + debs.keys.sorted())
        for name in debs.keys {
            #expect(["", "not-installed"].contains(Shell.status(of: name)), "\(name) is still known to dpkg after --purge")
            #expect(!FileManager.default.fileExists(atPath: "/usr/share/doc/\(name)"))
        }
        #expect(FileManager.default.fileExists(atPath: marker.path), "removing the packages deleted /var/lib/halamj-test-data")
        #expect((try? String(contentsOf: marker, encoding: .utf8)) == "cases\n", "removing the packages changed /var/lib/halamj-test-data")
        #expect(FileManager.default.fileExists(atPath: hubDir.appendingPathComponent("halamj-hub.db").path))
        #expect(FileManager.default.fileExists(atPath: soum.appendingPathComponent("halamj-node.db").path))
    }

    /// The names in /etc/passwd.
    static func users() throws -> Set<String> {
        let passwd = try String(contentsOfFile: "/etc/passwd", encoding: .utf8)
        return Set(passwd.split(separator: "\n").compactMap { $0.split(separator: ":").first.map(String.init) })
    }
}
