import Foundation
import HalamjTestSupport
import Testing

/// docs/operations.md's "Running as services", run as written under a real systemd (a
/// `SystemdSandbox`, since the machine's PID 1 is not systemd) with the installed packages:
/// a hub and a soum office as services, a case synced by the office's sync loop, the web
/// app answering, the nightly backups run by their units, a hub killed and restarted by
/// systemd, clean stops, and the packages removed with the services running.
@Suite(.enabled(if: SandboxedPackages.missing == nil, Comment(rawValue: SandboxedPackages.missing ?? "")), .serialized)
struct ServicesUnderSystemdTests {
    static let hubDatabase = "/var/lib/halamj-hub/hub.db", nodeDatabase = "/var/lib/halamj-node/node.db"

    @Test func operationsGuide_HubAndOffice_AsServices_SyncBackUpRestartAndStopCleanly() throws {
        let debs = try (BuiltPackages.names + [BuiltPackages.common]).map {
            try #require(BuiltPackages.deb($0), "no \($0)_*.deb in \(BuiltPackages.folder.path): scripts/test.sh runs bash scripts/package.sh before the tests")
        }
        let guide = try OperationsGuide()
        let sandbox = try SystemdSandbox()
        defer { sandbox.stop() }
        var passed = false
        defer { if !passed { print("ServicesUnderSystemdTests: the sandbox's journal:\n\(sandbox.journal().suffix(6000))") } }

        // "Installing from the packages": apt installs them (what they depend on is there).
        try sandbox.succeed("DEBIAN_FRONTEND=noninteractive apt-get install -y " + debs.map(\.path).joined(separator: " "))
        // "A hub": its folder, init and the services, as the guide writes them.
        try sandbox.succeed("cd /root && " + guide.commands(under: "### A hub", block: 0))
        try sandbox.succeed("cd /root && " + guide.commands(under: "### A hub", block: 1))
        let token = try sandbox.succeed("cat /root/soum-4305.token").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.count >= 20, "office add printed no token: '\(token)'")
        // "A soum office": the token, init, a web user and the services.
        try sandbox.succeed("printf 'хүчтэй-нууц-үг-42\\n' > /run/halamj-password && chmod 0644 /run/halamj-password")
        try sandbox.succeed("cd /root && " + guide.commands(under: "### A soum office", block: 0))

        for unit in ["halamj-hub", "halamj-node-sync", "halamj-node-web"] {
            #expect(try sandbox.eventually(20, "systemctl is-active --quiet \(unit).service"), "\(unit) did not start")
        }
        // Each runs as its own user, not root.
        for (unit, user) in [("halamj-hub", "halamj-hub"), ("halamj-node-sync", "halamj-node"), ("halamj-node-web", "halamj-node")] {
            let owner = try sandbox.succeed("ps -o user= -p $(systemctl show -p MainPID --value \(unit).service)")
            #expect(owner.trimmingCharacters(in: .whitespacesAndNewlines) == user, "\(unit) runs as \(owner)")
        }
        #expect(!(try sandbox.run("test -e \(Self.nodeDatabase).token || ls /var/lib/halamj-node | grep -q token").status == 0),
                "the token file was left in the node's folder")

        // The guide's drop-in (what `systemctl edit` writes) changes the hub's command; the same
        // way, the office's sync loop goes every 2 s instead of 60 for this test.
        let hubDropIn = try guide.block(under: "### A soum office", after: "sudo systemctl edit halamj-hub.service")
        try sandbox.succeed("mkdir -p /etc/systemd/system/halamj-hub.service.d && cat > /etc/systemd/system/halamj-hub.service.d/override.conf",
                            input: hubDropIn)
        try sandbox.succeed("""
            mkdir -p /etc/systemd/system/halamj-node-sync.service.d && printf '[Service]\\nExecStart=\\nExecStart=/usr/bin/halamj-node sync --watch --interval 2\\n' \
              > /etc/systemd/system/halamj-node-sync.service.d/override.conf
            systemctl daemon-reload && systemctl restart halamj-hub.service halamj-node-sync.service
            """)
        #expect(try sandbox.succeed("systemctl show -p ExecStart --value halamj-hub.service").contains("--silent-after 72h"))
        #expect(try sandbox.eventually(20, "systemctl is-active --quiet halamj-hub.service"), "the hub did not come back with the drop-in")

        // A case recorded at the office reaches the hub through the sync service.
        let number = try sandbox.succeed("runuser -u halamj-node -- halamj-node case new --service care-elderly --rd УБ45010112 --name Дорж --db \(Self.nodeDatabase)")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(number.hasPrefix("4305-"))
        #expect(try sandbox.eventually(30, "runuser -u halamj-hub -- halamj-hub case list --json --db \(Self.hubDatabase) | grep -q '\(number)'"),
                "the office's sync service did not bring \(number) to the hub")
        // The web app answers on its port; the user the guide added can log in there.
        let login = try sandbox.succeed("curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8471/login")
        #expect(login == "200", "the web app answered \(login)")
        #expect(try sandbox.succeed("runuser -u halamj-node -- halamj-node user list --db \(Self.nodeDatabase)").contains("dolgor"))

        // The nightly backups, run now by their own units: a consistent copy in the state folder.
        try sandbox.succeed("systemctl start halamj-hub-backup.service halamj-node-backup.service")
        let hubBackups = try sandbox.succeed("ls /var/lib/halamj-hub/backups"), nodeBackups = try sandbox.succeed("ls /var/lib/halamj-node/backups")
        #expect(hubBackups.contains("hub-") && hubBackups.contains(".db"), "\(hubBackups)")
        #expect(nodeBackups.contains("node-") && nodeBackups.contains(".db"), "\(nodeBackups)")
        #expect(!hubBackups.contains("partial") && !nodeBackups.contains("partial"))
        let backupFile = hubBackups.split(separator: "\n").first { $0.hasSuffix(".db") }.map(String.init) ?? ""
        #expect(try sandbox.succeed("runuser -u halamj-hub -- halamj-hub case list --json --db /var/lib/halamj-hub/backups/\(backupFile)").contains(number),
                "the hub's backup does not hold the synced case")

        // "Status and logs": every command there runs, and the journal has what the guide says.
        for command in try guide.commands(under: "### Status and logs", block: 0).split(separator: "\n") {
            try sandbox.succeed(String(command))
        }
        let timers = try sandbox.succeed("systemctl list-timers --all 'halamj-*' --no-pager")
        #expect(timers.contains("halamj-hub-backup.timer") && timers.contains("halamj-node-backup.timer"), "\(timers)")
        let syncLog = try sandbox.succeed("journalctl -u halamj-node-sync --no-pager -o cat")
        #expect(syncLog.contains("илгээсэн (pushed) 1"), "no round that pushed the case in:\n\(syncLog.suffix(2000))")
        #expect(try sandbox.succeed("journalctl -u halamj-hub-backup --no-pager -o cat").contains("wrote /var/lib/halamj-hub/backups/"))
        let everything = try sandbox.succeed("journalctl --no-pager -o cat")
        #expect(!everything.contains(token), "a token reached the journal")
        #expect(!everything.contains("хүчтэй-нууц-үг-42"), "a password reached the journal")

        // Restart on failure: the hub killed outright comes back by itself.
        let hubPid = try sandbox.succeed("systemctl show -p MainPID --value halamj-hub.service").trimmingCharacters(in: .whitespacesAndNewlines)
        try sandbox.succeed("kill -KILL \(hubPid)")
        #expect(try sandbox.eventually(30, """
            [ "$(systemctl show -p MainPID --value halamj-hub.service)" != "\(hubPid)" ] && [ "$(systemctl show -p MainPID --value halamj-hub.service)" != 0 ] \
              && systemctl is-active --quiet halamj-hub.service
            """), "systemd did not restart the killed hub")
        #expect(try sandbox.eventually(30, "curl -s -o /dev/null http://127.0.0.1:8470/"), "the restarted hub does not answer")

        // A clean stop: SIGTERM, exit 0, recorded as success by systemd.
        try sandbox.succeed("systemctl stop halamj-node-sync.service halamj-node-web.service halamj-hub.service")
        for unit in ["halamj-hub", "halamj-node-sync", "halamj-node-web"] {
            let result = try sandbox.succeed("systemctl show -p Result -p ExecMainStatus \(unit).service")
            #expect(result.contains("Result=success") && result.contains("ExecMainStatus=0"), "\(unit) did not stop cleanly: \(result)")
        }
        #expect(try sandbox.succeed("journalctl -u halamj-hub --no-pager -o cat").contains("stopping: finishing requests in flight"))
        #expect(try sandbox.succeed("runuser -u halamj-node -- halamj-node status --db \(Self.nodeDatabase)").contains("soum-4305"))

        // Removing the packages with the services running stops them and keeps the data.
        try sandbox.succeed("systemctl start halamj-hub.service halamj-node-web.service")
        try sandbox.succeed("DEBIAN_FRONTEND=noninteractive apt-get remove -y halamj-hub halamj-node halamj-common")
        for unit in ["halamj-hub", "halamj-node-web"] {
            #expect(try sandbox.run("systemctl is-active --quiet \(unit).service").status != 0, "\(unit) still runs after its package went")
        }
        #expect(try sandbox.run("test -s \(Self.hubDatabase) && test -s \(Self.nodeDatabase) && test -d /var/lib/halamj-hub/backups").status == 0,
                "removing the packages touched the data")
        passed = true
    }
}

enum SandboxedPackages {
    /// Why the packages cannot be tried under a sandboxed systemd here; nil when they can.
    /// Missing packages are no reason in CI, where the test then fails.
    static let missing: String? = SystemdSandbox.missing ?? {
        if !BuiltPackages.inCI, let absent = (BuiltPackages.names + [BuiltPackages.common]).first(where: { BuiltPackages.deb($0) == nil }) {
            return "no \(absent) package in \(BuiltPackages.folder.path): bash scripts/package.sh makes them (scripts/test.sh does)"
        }
        return nil
    }()
}

/// docs/operations.md's commands, as the administrator would copy them, made runnable in the
/// sandbox: `sudo -u <user>` becomes `runuser -u <user> --` (the sandbox runs as root and has
/// no sudo), the hub's https address its plain loopback one (no nginx here: `TLSTests` runs
/// that part), and `user add` takes its password from a file instead of the keyboard.
struct OperationsGuide {
    let text: String

    init() throws {
        text = try String(contentsOf: BuiltPackages.repository.appendingPathComponent("docs/operations.md"), encoding: .utf8)
    }

    /// The code blocks of the section that starts with `heading`, up to the next heading.
    func blocks(under heading: String) throws -> [String] {
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: heading), "docs/operations.md has no '\(heading)'")
        var blocks: [String] = [], current: [String]?
        for line in lines[(start + 1)...] {
            if current == nil && line.hasPrefix("#") { break }
            if line.hasPrefix("```") {
                if let done = current { blocks.append(done.joined(separator: "\n")); current = nil } else { current = [] }
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    /// The block that follows the one holding `line`.
    func block(under heading: String, after line: String) throws -> String {
        let all = try blocks(under: heading)
        let index = try #require(all.firstIndex { $0.contains(line) }, "no block with '\(line)' under '\(heading)'")
        return try #require(all.indices.contains(index + 1) ? all[index + 1] : nil) + "\n"
    }

    /// One block's commands, one shell script that stops at the first that fails.
    func commands(under heading: String, block index: Int) throws -> String {
        let all = try blocks(under: heading)
        let block = try #require(all.indices.contains(index) ? all[index] : nil, "'\(heading)' has no block \(index)")
        let lines = block.split(separator: "\n").map { line -> String in
            var command = String(line)
            if let comment = command.range(of: "  #") { command = String(command[..<comment.lowerBound]) }
            command = command.replacingOccurrences(of: #"sudo -u ([a-z-]+) "#, with: "runuser -u $1 -- ", options: .regularExpression)
            command = command.replacingOccurrences(of: "sudo ", with: "")
            command = command.replacingOccurrences(of: "https://hub43.example.mn", with: "http://127.0.0.1:8470")
            if command.contains(" user add ") { command += " --password-file /run/halamj-password" }
            return command.trimmingCharacters(in: .whitespaces)
        }
        return "set -e\n" + lines.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
