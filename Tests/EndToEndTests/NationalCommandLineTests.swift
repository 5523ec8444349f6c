import Foundation
import Testing

/// Issue 19 through the built programs, as the operations guide sets them up: a national
/// hub, two district hubs (aimags) syncing to it, their soums syncing to them. A soum's
/// case is flagged as a double application in another aimag, moved to a soum of that aimag,
/// decided by that district, and the decision reaches the new soum; the old soum keeps it
/// read-only, saying where it went.
@Suite struct NationalCommandLineTests {
    let dir = TemporaryDirectory()

    func succeed(_ program: String, _ arguments: [String], in folder: URL) throws -> String {
        try Programs.succeed(program, arguments, in: folder)
    }

    /// The documents the soum collects for `number`, marked received, then the case submitted.
    func submit(_ number: String, at soum: URL) throws {
        let checklist = try succeed("halamj-node", ["case", "checklist", number, "--json"], in: soum)
        let ids = checklist.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "\"id\" : \"") else { return nil }
            return String(line[range.upperBound...].prefix { $0 != "\"" })
        }.filter { $0 != "governor_decree" && $0 != "official_letter" }
        #expect(!ids.isEmpty)
        for id in ids { try succeed("halamj-node", ["case", "doc", number, id, "received"], in: soum) }
        try succeed("halamj-node", ["case", "submit", number], in: soum)
    }

    @Test func aDoubleApplicationInAnotherAimag_IsFlagged_MovedThere_DecidedByThatDistrict_AndTheDecisionReachesTheNewSoum() throws {
        // The national hub.
        let nationalDir = try dir.folder("national")
        try succeed("halamj-hub", ["init", "--id", "hub-mn"], in: nationalDir)
        let national = try ServedHub(directory: nationalDir)
        defer { national.stop() }
        // Two district hubs, each registered at the national hub, serving its soums.
        let layout = [("hub-41", "Архангай", ["soum-4101"]), ("hub-42", "Баянхонгор", ["soum-4201", "soum-4202"])]
        var districts: [String: (dir: URL, hub: ServedHub)] = [:]
        var soums: [String: URL] = [:]
        for (id, name, offices) in layout {
            let folder = try dir.folder(id)
            try succeed("halamj-hub", ["init", "--id", id], in: folder)
            let token = try succeed("halamj-hub", ["district", "add", id, "--name", name], in: nationalDir)
            try token.write(to: folder.appendingPathComponent("national-token"), atomically: true, encoding: .utf8)
            let hub = try ServedHub(directory: folder)
            districts[id] = (folder, hub)
            let said = try succeed("halamj-hub", ["upstream", "--url", national.url, "--token-file", "national-token"], in: folder)
            #expect(said.contains("upstream") && said.contains(national.url))
            for office in offices {
                let soum = try dir.folder(office)
                let officeToken = try succeed("halamj-hub", ["office", "add", office], in: folder)
                try officeToken.write(to: soum.appendingPathComponent("token"), atomically: true, encoding: .utf8)
                try succeed("halamj-node", ["init", "--office", office, "--hub", hub.url, "--token-file", "token"], in: soum)
                soums[office] = soum
            }
        }
        defer { for district in districts.values { district.hub.stop() } }
        func syncAll() throws {
            for office in soums.keys.sorted() { try succeed("halamj-node", ["sync"], in: soums[office]!) }
            for id in districts.keys.sorted() { try succeed("halamj-hub", ["sync"], in: districts[id]!.dir) }
            for office in soums.keys.sorted() { try succeed("halamj-node", ["sync"], in: soums[office]!) }
        }

        // The same mother applies for the child-care allowance in both aimags.
        let first = try succeed("halamj-node", ["case", "new", "--service", "child-care-allowance", "--rd", "УБ99031212", "--name", "Бат"],
                                in: soums["soum-4101"]!).trimmingCharacters(in: .whitespacesAndNewlines)
        let second = try succeed("halamj-node", ["case", "new", "--service", "child-care-allowance", "--rd", "УБ99031212", "--name", "Бат"],
                                 in: soums["soum-4201"]!).trimmingCharacters(in: .whitespacesAndNewlines)
        try submit(first, at: soums["soum-4101"]!)
        try submit(second, at: soums["soum-4201"]!)
        try syncAll()

        // The national hub sees both, flags them, and the flag reaches the first soum.
        let duplicates = try succeed("halamj-hub", ["duplicates", "--flag"], in: nationalDir)
        #expect(duplicates.contains(first) && duplicates.contains(second))
        try syncAll()
        let flagged = try succeed("halamj-node", ["case", "show", first], in: soums["soum-4101"]!)
        #expect(flagged.contains("Давхар өргөдөл") && flagged.contains(second))

        // The family moved to soum-4202: the national hub moves the case across aimags.
        try succeed("halamj-hub", ["case", "transfer", first, "--to", "soum-4202"], in: nationalDir)
        try syncAll()
        let arrived = try succeed("halamj-node", ["case", "show", first], in: soums["soum-4202"]!)
        #expect(arrived.contains("soum-4202") && arrived.contains("Шилжсэн") && arrived.contains("Бат"))
        let left = try Programs.run("halamj-node", ["case", "set", first, "phone=99001122"], in: soums["soum-4101"]!)
        #expect(left.status == 1 && left.stderr.contains("read-only here"))

        // hub-42 decides; the decree reaches soum-4202 at its next sync.
        // The day it was handed in (today, in the office's calendar) is the decree's day.
        let handedIn = try #require(arrived.split(separator: "\n").first { $0.contains("application handed in") })
        let today = String(handedIn.split(separator: " ").last!)
        try succeed("halamj-hub", ["decide", first, "--approve", "--decree", "А/19", "--date", today], in: districts["hub-42"]!.dir)
        try syncAll()
        let decided = try succeed("halamj-node", ["case", "show", first], in: soums["soum-4202"]!)
        #expect(decided.contains("А/19") && decided.contains("approved"))
        let atNational = try succeed("halamj-hub", ["case", "show", first], in: nationalDir)
        #expect(atNational.contains("А/19") && atNational.contains("soum-4202"))

        // The national status lists both districts with their soums; the report groups by aimag.
        let status = try succeed("halamj-hub", ["status"], in: nationalDir)
        for name in ["hub-41 — Архангай", "hub-42 — Баянхонгор", "└ soum-4101", "└ soum-4202"] { #expect(status.contains(name)) }
        let report = try succeed("halamj-hub", ["report", "--csv"], in: nationalDir)
        #expect(report.hasPrefix("district,office,service"))
        #expect(report.contains("hub-42 Баянхонгор,soum-4202,child-care-allowance"))
    }
}
