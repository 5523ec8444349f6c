import Foundation
import Testing
import HubServer
import CaseBooks

/// The two programs, run as processes, as the README's users run them.
@Suite(.serialized) struct CommandLineEndToEndTests {
    let dir = TemporaryDirectory()

    @Test func programsAreBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Programs.url("halamj-node").path),
                "build the package first (swift build): \(Programs.binDirectory.path)")
    }

    @Test func usageErrors_Exit64_WithTheUsageLine_AndHelpExits0() throws {
        let here = try dir.folder("x")
        let bad = try Programs.run("halamj-node", ["case", "new", "--service"], in: here)
        #expect(bad.status == 64)
        #expect(bad.stderr.hasPrefix("Error: "))
        #expect(bad.stderr.contains("Usage: halamj-node case new"))
        let help = try Programs.run("halamj-hub", ["--help"], in: here)
        #expect(help.status == 0)
        #expect(help.stdout.contains("office add"))
        let missing = try Programs.run("halamj-node", ["case", "list"], in: here)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("halamj-node init"), "says what to do: \(missing.stderr)")
    }

    @Test func hubServe_TakesTheProgressRule_AndRefusesAMalformedOne() throws {
        let here = try dir.folder("progress")
        let help = try Programs.run("halamj-hub", ["serve", "--help"], in: here)
        #expect(help.stdout.contains("--min-progress <bytes>/<dur>") && help.stdout.contains("default 30m"))
        for flags in [["--min-progress", "1024"], ["--min-progress", "0/20s"], ["--min-progress", "1024/0s"], ["--transfer-limit", "soon"], ["--trusted-proxy", "127.0.0.1,10.0.0.0/33"]] {
            let bad = try Programs.run("halamj-hub", ["serve", "--listen", "127.0.0.1:0"] + flags, in: here)
            #expect(bad.status == 64, "\(flags)")
            #expect(bad.stderr.hasPrefix("Error: \(flags[0])"), "\(bad.stderr)")
        }
    }

    @Test func aNodeSyncKilledMidway_ConvergesWhenRunAgain() throws {
        let hubDir = try dir.folder("hub"), soum = try dir.folder("soum-4305")
        #expect(try Programs.run("halamj-hub", ["init", "--id", "hub-43"], in: hubDir).status == 0)
        let added = try Programs.run("halamj-hub", ["office", "add", "soum-4305"], in: hubDir)
        #expect(added.status == 0)
        let token = added.stdout.trimmingCharacters(in: .newlines)
        #expect(!token.contains("\n") && !token.isEmpty, "the token alone on one line")
        try token.write(to: soum.appendingPathComponent("token"), atomically: true, encoding: .utf8)

        // The hub is down at its address (held, so nothing else takes the port): the node
        // is set up and records cases while nobody answers there.
        let down = try PortHold()
        let port = down.port
        let hubURL = down.url
        #expect(try Programs.run("halamj-node", ["init", "--office", "soum-4305", "--hub", hubURL, "--token-file", "token"], in: soum).status == 0)
        var numbers: [String] = []
        for i in 0..<20 {
            let made = try Programs.run("halamj-node", ["case", "new", "--service", "elderly-age-gift", "--rd", "УБ45010112", "--name", "Иргэн \(i)", "note=\(i)"], in: soum)
            #expect(made.status == 0, "\(made.stderr)")
            numbers.append(made.stdout.trimmingCharacters(in: .newlines))
        }
        #expect(Set(numbers).count == 20)
        let unanswered = try Programs.run("halamj-node", ["sync", "--retries", "1"], in: soum)
        #expect(unanswered.status == 75)
        #expect(unanswered.stderr.contains("nothing is lost"))

        down.release()
        let hub = try ServedHub(directory: hubDir, port: port)
        defer { hub.stop() }
        let atHub = try Hub.open(path: hubDir.appendingPathComponent("halamj-hub.db").path)
        func casesAtHub() throws -> Int { try CaseBook(store: atHub).list(office: "soum-4305").count }
        // Kill -9 the sync mid-way, one record per request: once the hub holds 1, 5 and 10
        // of the 20 (so the kill is known to land while records are still on their way,
        // however loaded the machine), then let it finish.
        for arrived in [1, 5, 10] {
            let before = try casesAtHub()
            let sync = Process()
            sync.executableURL = Programs.url("halamj-node")
            sync.arguments = ["sync", "--batch-size", "1"]
            sync.currentDirectoryURL = soum
            sync.standardOutput = FileHandle.nullDevice
            sync.standardError = FileHandle.nullDevice
            try sync.run()
            let deadline = ContinuousClock.now + .seconds(30)
            while sync.isRunning, try casesAtHub() < max(arrived, before + 1), ContinuousClock.now < deadline { usleep(500) }
            kill(sync.processIdentifier, SIGKILL)
            sync.waitUntilExit()
            let held = try casesAtHub()
            #expect(held >= arrived && held < 20, "killed after \(arrived) arrived, mid-way: the hub holds \(held)")
        }
        let finish = try Programs.run("halamj-node", ["sync"], in: soum)
        #expect(finish.status == 0, "\(finish.stderr)")

        let listed = try Programs.run("halamj-hub", ["case", "list", "--office", "soum-4305", "--json"], in: hubDir)
        #expect(listed.status == 0)
        let cases = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: String]])
        #expect(cases.count == 20, "no duplicate, no loss")
        #expect(Set(cases.compactMap { $0["number"] }) == Set(numbers))
        for item in cases {
            #expect(item["office"] == "soum-4305")
            #expect(item["service"] == "elderly-age-gift")
            #expect(item["rd"] == "УБ45010112")
            #expect(item["name"]?.hasPrefix("Иргэн ") == true)
            #expect(item["note"] != nil && item["status"] == "draft")
        }
        let status = try Programs.run("halamj-node", ["status", "--json"], in: soum)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(parsed["pendingCount"] as? Int == 0)
    }

    @Test func aConflictListedByBothPrograms_IsResolvedAtTheHub_AndGoneFromBothAfterSync() throws {
        let (hubDir, soum, hub) = try dir.servedOffice("soum-4306", hubFolder: "hub2")
        defer { hub.stop() }
        let number = try Programs.run("halamj-node", ["case", "new", "--service", "care-elderly", "--rd", "УБ45010112", "--name", "Дорж"], in: soum)
            .stdout.trimmingCharacters(in: .newlines)
        #expect(try Programs.run("halamj-node", ["sync"], in: soum).status == 0)
        #expect(try Programs.run("halamj-hub", ["case", "set", number, "name=Доржоо"], in: hubDir).status == 0)
        #expect(try Programs.run("halamj-node", ["case", "set", number, "name=Дорж Бат"], in: soum).status == 0)
        let refused = try Programs.run("halamj-node", ["case", "set", number, "decision=approved"], in: soum)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("only the district hub"))
        #expect(try Programs.run("halamj-node", ["sync"], in: soum).status == 0)

        let listed = try Programs.run("halamj-hub", ["conflicts", "--json"], in: hubDir)
        let conflicts = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(conflicts.count == 1)
        let id = try #require(conflicts.first?["id"] as? String)
        let values = (conflicts.first?["values"] as? [[String: Any]]) ?? []
        #expect(Set(values.compactMap { $0["replica"] as? String }) == ["hub-43", "soum-4306"])
        let atNode = try Programs.run("halamj-node", ["conflicts"], in: soum)
        #expect(atNode.stdout.contains(id), "the node lists the same conflict: \(atNode.stdout)")
        #expect(atNode.stdout.contains("Доржоо") && atNode.stdout.contains("Дорж Бат"))

        let other = try #require(values.first { ($0["isCurrent"] as? Bool) == false }?["value"] as? String)
        #expect(try Programs.run("halamj-hub", ["conflicts", "resolve", id, "--keep", "other"], in: hubDir).status == 0)
        let again = try Programs.run("halamj-hub", ["conflicts", "resolve", id, "--keep", "winner"], in: hubDir)
        #expect(again.status == 1)
        #expect(again.stderr.contains("already resolved"))
        #expect(try Programs.run("halamj-node", ["sync"], in: soum).status == 0)
        let shown = try Programs.run("halamj-node", ["case", "show", number, "--json"], in: soum)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(object["name"] as? String == other)
        #expect(object["conflicts"] == nil)
        for (program, folder) in [("halamj-node", soum), ("halamj-hub", hubDir)] {
            let left = try Programs.run(program, ["conflicts", "--json"], in: folder).stdout
            #expect((try JSONSerialization.jsonObject(with: Data(left.utf8)) as? [Any])?.isEmpty == true, "\(program): \(left)")
        }
    }

    @Test func registerNumbers_AreCheckedWithAMessageThatSaysWhatIsWrong_AndAGoodOneGivesBirthDateAndSex() throws {
        let soum = try dir.folder("soum-4307")
        try "soum-4307.\(String(repeating: "0", count: 64))".write(to: soum.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        #expect(try Programs.run("halamj-node", ["init", "--office", "soum-4307", "--hub", "http://127.0.0.1:1", "--token-file", "token"], in: soum).status == 0)
        let cases: [(String, String)] = [
            ("UB99031212", "Latin letters"),
            ("УБ99133112", "not a real date"),
            ("УБ9903121", "10 characters"),
            ("12УБ990312", "Cyrillic letters"),
            ("УБ99231212", "ирээдүйд байна (the birth date in 'УБ99231212' is in the future)"),
        ]
        for (rd, says) in cases {
            let result = try Programs.run("halamj-node", ["person", "add", "--rd", rd, "--name", "Бат"], in: soum)
            #expect(result.status == 64, "\(rd)")
            #expect(result.stderr.contains(says), "\(rd): \(result.stderr)")
        }
        let good = try Programs.run("halamj-node", ["person", "add", "--rd", "уб05231456", "--name", "Өлзий"], in: soum)
        #expect(good.status == 0)
        #expect(good.stdout.contains("УБ05231456") && good.stdout.contains("2005-03-14") && good.stdout.contains("male"))
        // The case can then be opened with the register number alone.
        let opened = try Programs.run("halamj-node", ["case", "new", "--service", "child-care-allowance", "--rd", "УБ05231456"], in: soum)
        #expect(opened.status == 0, "\(opened.stderr)")
        let shown = try Programs.run("halamj-node", ["case", "show", opened.stdout.trimmingCharacters(in: .newlines), "--json"], in: soum)
        #expect(shown.stdout.contains("\"name\" : \"Өлзий\""))
    }

    @Test func aRotatedToken_IsRefusedUntilTheNodeIsGivenTheNewOne_AndNothingIsLost() throws {
        let (hubDir, soum, hub) = try dir.servedOffice("soum-4308", hubFolder: "hub3")
        defer { hub.stop() }
        _ = try Programs.run("halamj-node", ["case", "new", "--service", "care-elderly", "--rd", "УБ45010112", "--name", "Дорж"], in: soum)
        #expect(try Programs.run("halamj-node", ["sync"], in: soum).status == 0)

        let rotated = try Programs.run("halamj-hub", ["office", "rotate", "soum-4308"], in: hubDir)
        #expect(rotated.status == 0)
        _ = try Programs.run("halamj-node", ["case", "new", "--service", "care-elderly", "--rd", "УБ45010113", "--name", "Бат"], in: soum)
        let refused = try Programs.run("halamj-node", ["sync"], in: soum)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("401"), "\(refused.stderr)")
        try rotated.stdout.write(to: soum.appendingPathComponent("new-token"), atomically: true, encoding: .utf8)
        #expect(try Programs.run("halamj-node", ["config", "--token-file", "new-token"], in: soum).status == 0)
        #expect(try Programs.run("halamj-node", ["sync"], in: soum).status == 0)
        let listed = try Programs.run("halamj-hub", ["case", "list", "--office", "soum-4308", "--json"], in: hubDir)
        #expect((try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [Any])?.count == 2)
        let audit = try Programs.run("halamj-hub", ["audit", "--json"], in: hubDir)
        #expect(audit.stdout.contains("office rotate") && audit.stdout.contains("office add"))
    }

    static let script = ["/usr/bin/script", "/bin/script"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: script != nil, "util-linux's script gives the program a terminal"))
    func caseNew_InATerminalWithNoOptions_AsksForEachAnswer() throws {
        let soum = try dir.folder("soum-4310")
        try "soum-4310.\(String(repeating: "0", count: 64))".write(to: soum.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        #expect(try Programs.run("halamj-node", ["init", "--office", "soum-4310", "--hub", "http://127.0.0.1:1", "--token-file", "token"], in: soum).status == 0)
        let node = Programs.url("halamj-node").path
        let asked = try Programs.runAbsolute(Self.script!, ["-qec", "\(node) case new", "/dev/null"], in: soum,
                                             input: "8\nуб45010112\n1\nДорж Бат\n")
        #expect(asked.status == 0, "\(asked.stdout)")
        #expect(asked.stdout.contains("Үйлчилгээ (service)") && asked.stdout.contains("Овог нэр (name)"))
        // A care service: the categories that fit it, by number.
        #expect(asked.stdout.contains("Хамрагдах иргэн (care category)") && asked.stdout.contains("(elderly_without_support)"))
        let listed = try Programs.run("halamj-node", ["case", "list", "--json"], in: soum)
        let cases = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: String]])
        #expect(cases.count == 1)
        #expect(cases.first?["service"] == "care-elderly")
        #expect(cases.first?["rd"] == "УБ45010112")
        #expect(cases.first?["name"] == "Дорж Бат")
        #expect(cases.first?["care_category"] == "elderly_without_support")
    }
}
