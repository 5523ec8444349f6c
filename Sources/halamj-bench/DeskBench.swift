import Foundation
import HalamjHTTP
import HubDesk
import HubServer
import ReplicaStorage
import SyncModel
import WebAccess

/// 9. the district's desk at scale (issue 18): the status scenario's hub (100,000 cases of
/// 330 offices, quick and full alike, as the issue asks; every case submitted long ago, one
/// in 50 with a conflict), an officer logged in, and the desk's pages answered by its handler
/// (the hub's whole work but the socket), median of several: the home page with every
/// queue's count, the applications queue (all offices, one office, one service), the
/// complaints, conflicts and undelivered queues (after 2,000 decrees the soums have not synced
/// yet), a case page, and the month's report (every case read; reported apart). Baseline: the status scenario's, every row's office
/// read once and counted per office.
enum DeskBench {
    static func run(_ folder: WorkFolder, quick: Bool) async throws -> BenchResult {
        let cases = 100_000
        let rounds = quick ? 5 : 9
        let dir = try folder.folder("desk")
        defer { folder.remove("desk") }
        _ = try StatusBench.filledHub(dir + "/hub.db", cases: cases, scenario: "desk")
        let hub = try Hub.open(path: dir + "/hub.db")
        try WebAccounts(store: hub, kind: .desk).add("bench", password: "bench-password", role: .officer, iterations: 1_000)
        let desk = try DeskApp(store: hub)
        let cookie = try logIn(desk)
        let number = try hub.read { try $0.database.query("SELECT id FROM records ORDER BY id LIMIT 1") { $0.text(0) } }.first ?? ""
        // 2,000 decrees written at the hub that no soum has synced yet: the undelivered queue.
        progress("desk: 2,000 decrees not yet at their soums")
        let decided = try hub.read { try $0.database.query("SELECT id, office FROM records WHERE collection = 'cases' ORDER BY id DESC LIMIT 2000") {
            (RecordKey(collection: "cases", id: $0.text(0)), $0.text(1))
        } }
        try hub.transaction { tx in
            for (key, office) in decided {
                _ = try tx.write(key, office: office, changes: [
                    CaseFields.status: "approved", WorkflowFields.decision: "approved",
                    WorkflowFields.decreeNumber: "А/\(key.id.suffix(6))", WorkflowFields.decreeDate: "2026-11-20",
                ], now: Clock.nowMillis())
            }
        }

        func time(_ path: String) throws -> (seconds: Double, bytes: Int) {
            var headers = HTTPHeaders()
            headers.append(name: "Host", value: "127.0.0.1")
            headers.append(name: "Cookie", value: cookie)
            let bare = String(path.split(separator: "?", maxSplits: 1)[0])
            let request = HTTPRequest(method: "GET", target: path, path: bare, headers: headers)
            var bytes = 0
            _ = desk.handle(request)  // warm: statements, page cache
            var times: [Double] = []
            for _ in 0..<rounds {
                times.append(try seconds {
                    let response = desk.handle(request)
                    guard response.status == 200 else { throw BenchError("desk: \(path) answered \(response.status)") }
                    bytes = response.body.count
                })
            }
            return (median(times), bytes)
        }
        progress("desk: the home page, the queues and a case page, \(rounds) times each")
        let pages: [(String, String)] = [
            ("homeMs", "/desk/"), ("applicationsMs", "/desk/applications"), ("oneOfficeMs", "/desk/applications?office=soum-4000"),
            ("oneServiceMs", "/desk/applications?service=elderly-age-gift"), ("complaintsMs", "/desk/complaints"),
            ("conflictsMs", "/desk/conflicts"), ("undeliveredMs", "/desk/undelivered?days=0"), ("caseMs", "/desk/cases/\(number)"),
        ]
        var details: [String: Double] = ["cases": Double(cases)]
        var slowest = 0.0
        var notes: [String] = []
        for (key, path) in pages {
            let (taken, bytes) = try time(path)
            details[key] = taken * 1000
            slowest = max(slowest, taken)
            notes.append("\(path) \(Format.number(taken * 1000)) ms (\(Format.number(Double(bytes))) B)")
        }
        // The month's report reads every case (it is no queue): timed apart, against the same goal.
        let (report, reportBytes) = try time("/desk/reports")
        details["reportMs"] = report * 1000
        notes.append("/desk/reports \(Format.number(report * 1000)) ms (\(Format.number(Double(reportBytes))) B)")
        var baseTimes: [Double] = []
        for _ in 0..<rounds {
            baseTimes.append(try seconds {
                _ = try hub.read { try $0.database.query("SELECT office, count(*) FROM records GROUP BY office") { $0.int(1) } }
            })
        }
        let baseline = median(baseTimes)
        return BenchResult(
            name: "desk", value: slowest * 1000, unit: "ms (slowest desk page)",
            baseline: baseline * 1000, baselineUnit: "ms (every row's office read once, counted per office)",
            ratio: slowest / baseline, goal: "< 1 s each", goalMet: slowest < 1, details: details,
            notes: "[\(cases) cases, 330 offices: " + notes.joined(separator: ", ") + "; median of \(rounds)]")
    }

    /// Logs in as the bench's officer through the desk's own login form: the session cookie.
    static func logIn(_ desk: DeskApp) throws -> String {
        var headers = HTTPHeaders()
        headers.append(name: "Host", value: "127.0.0.1")
        let form = desk.handle(HTTPRequest(method: "GET", target: "/desk/login", path: "/desk/login", headers: headers))
        let html = String(decoding: form.body, as: UTF8.self)
        guard let anonymous = sessionCookie(form), let range = html.range(of: #"name="_csrf" value="([0-9a-f]+)""#, options: .regularExpression) else {
            throw BenchError("desk: no login form")
        }
        let csrf = String(html[range].split(separator: "\"")[3])
        headers.append(name: "Cookie", value: anonymous)
        headers.append(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let body = Array(FormData.encode([("_csrf", csrf), ("next", "/desk/"), ("name", "bench"), ("password", "bench-password")]).utf8)
        let answer = desk.handle(HTTPRequest(method: "POST", target: "/desk/login", path: "/desk/login", headers: headers, body: body))
        guard answer.status == 303, let cookie = sessionCookie(answer) else { throw BenchError("desk: login answered \(answer.status)") }
        return cookie
    }

    private static func sessionCookie(_ response: HTTPResponse) -> String? {
        response.headers.first { $0.0 == "Set-Cookie" }.map { String($0.1.split(separator: ";")[0]) }
    }
}
