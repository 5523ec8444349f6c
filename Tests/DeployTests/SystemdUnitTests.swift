import Foundation
import HalamjHTTP
import HalamjTestSupport
import Testing

/// The systemd units an administrator installs from deploy/systemd.
@Suite struct SystemdUnitTests {
    static let analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// `systemd-analyze verify` on `names` (files in `folder`): its status and all it printed.
    static func verify(_ names: [String], in folder: URL) throws -> (status: Int32, said: String) {
        let result = try Programs.runAbsolute(
            analyze!, ["verify", "--man=no"] + names.map { "./" + $0 }, in: folder, timeout: 60)
        return (result.status, (result.stdout + result.stderr).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The units with this build's programs in place of /usr/bin's, in a fresh folder.
    static func unitsWithBuiltPrograms() throws -> (folder: TemporaryDirectory, names: [String]) {
        let folder = TemporaryDirectory()
        let names = try DeployFolder.unitNames()
        for name in names {
            try DeployFolder.unitWithBuiltPrograms(name).write(to: folder.url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return (folder, names)
    }

    @Test(.enabled(if: analyze != nil, "systemd-analyze is not installed (Debian's systemd package; scripts/setup.sh installs it)"))
    func everyUnit_PassesSystemdAnalyzeVerify_WithNothingSaid() throws {
        let (folder, names) = try Self.unitsWithBuiltPrograms()
        #expect(names.count == 7, "the hub, the node's sync and web app, two backups and their timers: \(names)")
        // Every program a unit starts is one verify can check is there: this build's.
        for name in names {
            let unit = UnitFile(try String(contentsOf: folder.url.appendingPathComponent(name), encoding: .utf8))
            for key in ["ExecStart", "ExecStartPre", "ExecStartPost", "ExecStop"] {
                for command in unit.sections["Service"]?[key] ?? [] {
                    let program = String(command.split(separator: " ")[0])
                    #expect(FileManager.default.isExecutableFile(atPath: program), "\(name): \(key)=\(command)")
                }
            }
        }
        let (status, said) = try Self.verify(names, in: folder.url)
        #expect(status == 0)
        #expect(said == "", "systemd-analyze verify warned: \(said)")
    }

    @Test(.enabled(if: analyze != nil, "systemd-analyze is not installed (Debian's systemd package; scripts/setup.sh installs it)"))
    func verify_SpeaksUp_WhenAUnitHasATypoOrAMissingProgram() throws {
        let (folder, _) = try Self.unitsWithBuiltPrograms()
        let hub = try String(contentsOf: folder.url.appendingPathComponent("halamj-hub.service"), encoding: .utf8)
        try hub.replacingOccurrences(of: "ProtectHome=yes", with: "ProtectHom=yes")
            .write(to: folder.url.appendingPathComponent("typo.service"), atomically: true, encoding: .utf8)
        let typo = try Self.verify(["typo.service"], in: folder.url)
        #expect(typo.said.contains("Unknown key 'ProtectHom'"), "\(typo.said)")

        try hub.replacingOccurrences(of: Programs.url("halamj-hub").path, with: "/usr/bin/halamj-hub-missing")
            .write(to: folder.url.appendingPathComponent("missing.service"), atomically: true, encoding: .utf8)
        let missing = try Self.verify(["missing.service"], in: folder.url)
        #expect(missing.status != 0)
        #expect(missing.said.contains("/usr/bin/halamj-hub-missing"), "\(missing.said)")
    }

    static let longRunning = ["halamj-hub.service", "halamj-node-sync.service", "halamj-node-web.service"]
    static let backups = ["halamj-hub-backup.service", "halamj-node-backup.service"]

    @Test(arguments: longRunning + backups)
    func service_RunsSandboxed_AsItsOwnUser_OnItsStateDirectory(_ name: String) throws {
        let unit = UnitFile(try DeployFolder.unitWithBuiltPrograms(name))
        let user = try #require(unit.service("User"))
        #expect(user == (name.hasPrefix("halamj-hub") ? "halamj-hub" : "halamj-node"))
        // The database is in the state folder systemd makes for that user.
        let state = try #require(unit.service("StateDirectory")?.split(separator: " ").first)
        #expect(unit.service("Environment") == "HALAMJ_DB=/var/lib/\(state)/\(name.hasPrefix("halamj-hub") ? "hub" : "node").db")
        for (key, value) in [
            ("ProtectSystem", "strict"), ("ProtectHome", "yes"), ("PrivateTmp", "yes"), ("NoNewPrivileges", "yes"),
            ("ProtectKernelTunables", "yes"), ("LockPersonality", "yes"), ("CapabilityBoundingSet", ""),
            ("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"), ("SystemCallFilter", "@system-service"),
            ("MemoryDenyWriteExecute", "yes"), ("UMask", "0077"),
        ] {
            #expect(unit.service(key) == value, "\(name): \(key)")
        }
    }

    @Test(arguments: longRunning)
    func service_RestartsOnFailure_AndOutlastsTheProgramsDrainOnStop(_ name: String) throws {
        let unit = UnitFile(try DeployFolder.unitWithBuiltPrograms(name))
        #expect(unit.service("Restart") == "on-failure")
        #expect(unit.service("KillSignal") == "SIGTERM")
        // systemd waits longer than the program drains its requests before it kills it.
        let stop = try #require(unit.service("TimeoutStopSec").flatMap { Double($0.replacingOccurrences(of: "s", with: "")) })
        #expect(stop > HTTPServerConfiguration.defaultStopTimeout + 5)
        #expect(unit.sections["Install"]?["WantedBy"] == ["multi-user.target"])
    }

    static let sysusers = ["/usr/bin/systemd-sysusers", "/bin/systemd-sysusers"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: sysusers != nil, "systemd-sysusers is not installed (Debian's systemd package; scripts/setup.sh installs it)"))
    func everyUser_TheServicesRunAs_IsMadeBySysusers_AsASystemUserWithoutALogin() throws {
        // systemd-sysusers into an empty root, as the install step runs it into /.
        let root = TemporaryDirectory()
        try FileManager.default.createDirectory(at: root.url.appendingPathComponent("etc"), withIntermediateDirectories: true)
        let made = try Programs.runAbsolute(
            Self.sysusers!, ["--root=\(root.url.path)", DeployFolder.systemd.appendingPathComponent("halamj.sysusers.conf").path],
            in: root.url)
        #expect(made.status == 0, "\(made.stderr)")
        let passwd = try String(contentsOf: root.url.appendingPathComponent("etc/passwd"), encoding: .utf8)
        var users: [String: (uid: Int, shell: String)] = [:]
        for line in passwd.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            users[String(fields[0])] = (Int(fields[2]) ?? -1, String(fields[6]))
        }
        for name in try DeployFolder.unitNames() where name.hasSuffix(".service") {
            let user = try #require(UnitFile(try DeployFolder.unitWithBuiltPrograms(name)).service("User"), "\(name) runs as root")
            let made = try #require(users[user], "\(name) runs as \(user), which halamj.sysusers.conf does not make")
            #expect((1..<1000).contains(made.uid), "\(user) is a system user")
            #expect(made.shell.hasSuffix("nologin"))
        }
    }
}
