import Foundation
import HalamjTestSupport
import Testing

/// docs/operations.md's walk "From an empty server to a district on TLS", run as written
/// under real systemds (`SystemdSandbox`: the machine's PID 1 is not systemd) with the
/// installed packages: the district's server (the hub as a service, the district's CA and
/// the hub's certificate made by the guide's openssl commands, nginx with the shipped file)
/// and two offices' PCs on the same network (each office's sync loop and web app as
/// services, trusting the district's CA), then a case from each office at the hub through
/// nginx, the hub's edit back at its office, a pinned key, the nightly backups, a hub killed
/// and restarted by systemd, clean stops, and the packages removed with the services running.
@Suite(.enabled(if: SandboxedPackages.missing == nil, Comment(rawValue: SandboxedPackages.missing ?? "")), .serialized)
struct ServicesUnderSystemdTests {
    static let hubDatabase = "/var/lib/halamj-hub/hub.db", nodeDatabase = "/var/lib/halamj-node/node.db"
    static let hub = "runuser -u halamj-hub -- halamj-hub", node = "runuser -u halamj-node -- halamj-node"

    @Test func operationsGuide_ADistrictOnTLS_WithTwoOfficesAsServices() throws {
        let debs = try Dictionary(uniqueKeysWithValues: (BuiltPackages.names + [BuiltPackages.common]).map {
            ($0, SystemdSandbox.packages + "/" + (try #require(BuiltPackages.deb($0), "no \($0)_*.deb in \(BuiltPackages.folder.path): scripts/test.sh runs bash scripts/package.sh before the tests").lastPathComponent))
        })
        let guide = try OperationsGuide()
        let server = try SystemdSandbox()
        var offices: [(name: String, pc: SystemdSandbox)] = []
        defer {
            for office in offices { office.pc.stop() }
            server.stop()
        }
        var passed = false
        defer {
            if !passed {
                print("ServicesUnderSystemdTests: the server's journal:\n\(server.journal().suffix(5000))")
                for office in offices { print("\(office.name)'s journal:\n\(office.pc.journal().suffix(3000))") }
            }
        }
        let hosts = "echo '127.0.0.1 hub43.example.mn' >> /etc/hosts"

        // 1. The programs, from the packages.
        try server.succeed("DEBIAN_FRONTEND=noninteractive apt-get install -y \(debs[BuiltPackages.common]!) \(debs["halamj-hub"]!)")
        // 2. The hub as a service.
        try server.succeed("cd /root && " + guide.commands(under: "### A hub", block: 0))
        // 3. TLS in front: the district's CA and the hub's certificate, then nginx with the
        // shipped file (from the package's examples), reached by the hub's name.
        try server.succeed("mkdir -p /root/ca && cd /root/ca && " + guide.commands(under: "### TLS with nginx", block: 1))
        try server.succeed("cd /usr/share/halamj-hub && " + guide.commands(under: "### TLS with nginx", block: 0))
        try server.succeed(hosts)
        #expect(try server.eventually(20, "curl -s -o /dev/null --cacert /root/ca/district-ca.pem https://hub43.example.mn/"),
                "nginx does not answer https://hub43.example.mn with the district's certificate")
        let districtCA = try server.succeed("cat /root/ca/district-ca.pem")

        // 4. Each office: its token from the hub, then its PC (on the same network).
        for (name, webPort) in [("soum-4305", 8471), ("soum-4306", 8472)] {
            try server.succeed("cd /root && " + guide.commands(under: "### A hub", block: 1, office: name))
            let token = try server.succeed("cat /root/\(name).token")
            let pc = try SystemdSandbox(sharingNetworkWith: server)
            offices.append((name, pc))
            try pc.succeed("DEBIAN_FRONTEND=noninteractive apt-get install -y \(debs[BuiltPackages.common]!) \(debs["halamj-node"]!)")
            try pc.succeed(hosts)
            try pc.succeed("cat > /root/\(name).token", input: token)
            try pc.succeed("cat > /root/district-ca.pem", input: districtCA)
            try pc.succeed("printf 'хүчтэй-нууц-үг-42\\n' > /run/halamj-password && chmod 0644 /run/halamj-password")
            // Drop-ins, as `systemctl edit` makes them: a round every 2 s instead of 60 for this
            // test, and (both PCs share one network here) the second web app on its own port.
            try pc.succeed("""
                mkdir -p /etc/systemd/system/halamj-node-sync.service.d /etc/systemd/system/halamj-node-web.service.d
                printf '[Service]\\nExecStart=\\nExecStart=/usr/bin/halamj-node sync --watch --interval 2\\n' > /etc/systemd/system/halamj-node-sync.service.d/override.conf
                printf '[Service]\\nExecStart=\\nExecStart=/usr/bin/halamj-node serve --listen 127.0.0.1:\(webPort)\\n' > /etc/systemd/system/halamj-node-web.service.d/override.conf
                systemctl daemon-reload
                """)
            try pc.succeed("cd /root && " + guide.commands(under: "### A soum office", block: 0, office: name))
            for unit in ["halamj-node-sync", "halamj-node-web"] {
                #expect(try pc.eventually(20, "systemctl is-active --quiet \(unit).service"), "\(name): \(unit) did not start")
                let owner = try pc.succeed("ps -o user= -p $(systemctl show -p MainPID --value \(unit).service)")
                #expect(owner.trimmingCharacters(in: .whitespacesAndNewlines) == "halamj-node", "\(name): \(unit) runs as \(owner)")
            }
            #expect(try pc.run("ls /var/lib/halamj-node | grep -q token").status != 0, "\(name): the token file was left in the node's folder")
            #expect(try pc.succeed("curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:\(webPort)/login") == "200", "\(name): the web app does not answer")
        }
        #expect(try server.eventually(20, "systemctl is-active --quiet halamj-hub.service"), "the hub did not start")
        #expect(try server.succeed("ps -o user= -p $(systemctl show -p MainPID --value halamj-hub.service)")
            .trimmingCharacters(in: .whitespacesAndNewlines) == "halamj-hub")

        // A case from each office reaches the hub, through nginx, by each office's sync service.
        var numbers: [String: String] = [:]
        for (name, pc) in offices {
            let number = try pc.succeed("\(Self.node) case new --service care-elderly --rd УБ45010112 --name Дорж --db \(Self.nodeDatabase)")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(number.hasPrefix(name.replacingOccurrences(of: "soum-", with: "") + "-"))
            numbers[name] = number
        }
        for (name, number) in numbers {
            #expect(try server.eventually(30, "\(Self.hub) case list --json --db \(Self.hubDatabase) | grep -q '\(number)'"),
                    "\(name)'s sync service did not bring \(number) to the hub")
        }
        let nginxLog = try server.succeed("cat /var/log/nginx/access.log")
        #expect(nginxLog.contains("\"POST /v1/sync/push HTTP/1.1\" 200"), "the pushes did not go through nginx:\n\(nginxLog.suffix(1000))")
        let hubLog = try server.succeed("journalctl -u halamj-hub --no-pager -o cat")
        #expect(hubLog.contains("route=/v1/sync/push status=200 office=soum-4306 client=127.0.0.1 proxy=127.0.0.1"), "\(hubLog.suffix(2000))")
        // The district's edit comes back to its office through the same way.
        try server.succeed("\(Self.hub) case set \(numbers["soum-4306"]!) phone=88001122 --db \(Self.hubDatabase)")
        #expect(try offices[1].pc.eventually(30, "\(Self.node) case show \(numbers["soum-4306"]!) --db \(Self.nodeDatabase) | grep -q 88001122"),
                "the hub's edit did not reach soum-4306")

        // The optional pin, computed by the guide's command, set as the guide sets it: still syncs.
        let pinLine = try guide.commands(under: "### TLS with nginx", block: 3).split(separator: "\n").last.map(String.init) ?? ""
        let pin = "sha256//" + (try server.succeed("cd /root/ca && " + pinLine).trimmingCharacters(in: .whitespacesAndNewlines))
        let setPin = try #require(guide.commands(under: "### TLS with nginx", block: 2).split(separator: "\n").first { $0.contains("--pin") })
            .replacingOccurrences(of: #"sha256//[A-Za-z0-9+/=]+"#, with: pin, options: .regularExpression)
        try offices[0].pc.succeed(setPin.replacingOccurrences(of: "halamj-node config", with: "\(Self.node) config") + " --db \(Self.nodeDatabase)")
        #expect(try offices[0].pc.succeed("\(Self.node) config --db \(Self.nodeDatabase)").contains("key pinned"))
        let pinned = try offices[0].pc.succeed("\(Self.node) case new --service elderly-age-gift --rd УБ40020212 --name Цэцэг --db \(Self.nodeDatabase)")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try server.eventually(30, "\(Self.hub) case list --json --db \(Self.hubDatabase) | grep -q '\(pinned)'"), "no sync with the pinned key")

        // The guide's drop-in for the hub (what `systemctl edit` writes) changes its command.
        let hubDropIn = try guide.block(under: "### A soum office", after: "sudo systemctl edit halamj-hub.service")
        try server.succeed("mkdir -p /etc/systemd/system/halamj-hub.service.d && cat > /etc/systemd/system/halamj-hub.service.d/override.conf",
                           input: hubDropIn)
        try server.succeed("systemctl daemon-reload && systemctl restart halamj-hub.service")
        #expect(try server.succeed("systemctl show -p ExecStart --value halamj-hub.service").contains("--silent-after 72h"))
        #expect(try server.eventually(20, "systemctl is-active --quiet halamj-hub.service"), "the hub did not come back with the drop-in")

        // The nightly backups, run now by their own units: a consistent copy in the state folder.
        try server.succeed("systemctl start halamj-hub-backup.service")
        try offices[0].pc.succeed("systemctl start halamj-node-backup.service")
        let hubBackups = try server.succeed("ls /var/lib/halamj-hub/backups"), nodeBackups = try offices[0].pc.succeed("ls /var/lib/halamj-node/backups")
        #expect(hubBackups.contains("hub-") && hubBackups.contains(".db") && !hubBackups.contains("partial"), "\(hubBackups)")
        #expect(nodeBackups.contains("node-") && nodeBackups.contains(".db") && !nodeBackups.contains("partial"), "\(nodeBackups)")
        let backupFile = hubBackups.split(separator: "\n").first { $0.hasSuffix(".db") }.map(String.init) ?? ""
        #expect(try server.succeed("\(Self.hub) case list --json --db /var/lib/halamj-hub/backups/\(backupFile)").contains(pinned),
                "the hub's backup does not hold the synced cases")

        // "Status and logs": each command runs where its unit is.
        for command in try guide.commands(under: "### Status and logs", block: 0).split(separator: "\n") where command != "set -e" {
            let machine = command.contains("halamj-node") ? offices[0].pc : server
            try machine.succeed(String(command))
            if command.contains("list-timers") { try offices[0].pc.succeed(String(command)) }
        }
        #expect(try server.succeed("systemctl list-timers --all 'halamj-*' --no-pager").contains("halamj-hub-backup.timer"))
        #expect(try offices[0].pc.succeed("systemctl list-timers --all 'halamj-*' --no-pager").contains("halamj-node-backup.timer"))
        #expect(try offices[0].pc.succeed("journalctl -u halamj-node-sync --no-pager -o cat").contains("илгээсэн (pushed) 1"))
        #expect(try server.succeed("journalctl -u halamj-hub-backup --no-pager -o cat").contains("wrote /var/lib/halamj-hub/backups/"))
        for machine in [server] + offices.map(\.pc) {
            let journal = try machine.succeed("journalctl --no-pager -o cat")
            for (name, _) in offices {
                let token = try server.succeed("cat /root/\(name).token").trimmingCharacters(in: .whitespacesAndNewlines)
                #expect(!journal.contains(token), "\(name)'s token reached a journal")
            }
            #expect(!journal.contains("хүчтэй-нууц-үг-42"), "a password reached a journal")
        }

        // Restart on failure: the hub killed outright comes back by itself.
        let hubPid = try server.succeed("systemctl show -p MainPID --value halamj-hub.service").trimmingCharacters(in: .whitespacesAndNewlines)
        try server.succeed("kill -KILL \(hubPid)")
        #expect(try server.eventually(30, """
            p=$(systemctl show -p MainPID --value halamj-hub.service); [ "$p" != "\(hubPid)" ] && [ "$p" != 0 ] && systemctl is-active --quiet halamj-hub.service
            """), "systemd did not restart the killed hub")
        #expect(try server.eventually(30, "curl -s -o /dev/null --cacert /root/ca/district-ca.pem https://hub43.example.mn/"), "the restarted hub does not answer")

        // A clean stop: SIGTERM, exit 0, recorded as success by systemd.
        try server.succeed("systemctl stop halamj-hub.service")
        try offices[0].pc.succeed("systemctl stop halamj-node-sync.service halamj-node-web.service")
        for (machine, unit) in [(server, "halamj-hub"), (offices[0].pc, "halamj-node-sync"), (offices[0].pc, "halamj-node-web")] {
            let result = try machine.succeed("systemctl show -p Result -p ExecMainStatus \(unit).service")
            #expect(result.contains("Result=success") && result.contains("ExecMainStatus=0"), "\(unit) did not stop cleanly: \(result)")
        }
        #expect(try server.succeed("journalctl -u halamj-hub --no-pager -o cat").contains("stopping: finishing requests in flight"))

        // Removing the packages with the services running stops them and keeps the data.
        try server.succeed("systemctl start halamj-hub.service")
        try server.succeed("DEBIAN_FRONTEND=noninteractive apt-get remove -y halamj-hub halamj-common")
        try offices[1].pc.succeed("DEBIAN_FRONTEND=noninteractive apt-get remove -y halamj-node halamj-common")
        #expect(try server.run("systemctl is-active --quiet halamj-hub.service").status != 0, "the hub still runs after its package went")
        #expect(try offices[1].pc.run("systemctl is-active --quiet halamj-node-sync.service").status != 0, "the sync still runs after its package went")
        #expect(try server.run("test -s \(Self.hubDatabase) && test -d /var/lib/halamj-hub/backups").status == 0, "removing the hub's package touched its data")
        #expect(try offices[1].pc.run("test -s \(Self.nodeDatabase)").status == 0, "removing the node's package touched its data")
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
/// no sudo), `user add` takes its password from a file instead of the keyboard, and the
/// guide's office soum-4305 may be another one.
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
    func commands(under heading: String, block index: Int, office: String = "soum-4305") throws -> String {
        let all = try blocks(under: heading)
        let block = try #require(all.indices.contains(index) ? all[index] : nil, "'\(heading)' has no block \(index)")
        let lines = block.split(separator: "\n").map { line -> String in
            var command = String(line)
            if let comment = command.range(of: "  #") { command = String(command[..<comment.lowerBound]) }
            command = command.replacingOccurrences(of: #"sudo -u ([a-z-]+) "#, with: "runuser -u $1 -- ", options: .regularExpression)
            command = command.replacingOccurrences(of: "sudo ", with: "")
            command = command.replacingOccurrences(of: "soum-4305", with: office)
            if command.contains(" user add ") { command += " --password-file /run/halamj-password" }
            return command.trimmingCharacters(in: .whitespaces)
        }
        // A line that ends in a backslash goes on in the next, for bash as in the guide.
        return "set -e\n" + lines.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
