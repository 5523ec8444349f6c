import Foundation
import HalamjHTTP
import HalamjTestSupport
import ReplicaStorage
import CaseBooks
import LocalNode
@testable import NodeWeb
import SyncModel
import WebAccess

/// The attacker's own office's web app (`halamj-node serve`) on whatever its node took
/// from the hub: every page a worker opens, and the checklist form of every case. None
/// may answer 500 or trap.
enum WorkerPages {
    static func visitAll(_ node: ReplicaStore, now: Int64) throws -> [String] {
        try LocalUsers(store: node).add("worker", password: "correct horse", iterations: 1_000, now: now)
        let app = try NodeWebApp(store: node, clock: { now })
        app.allowHosts(listenHost: "127.0.0.1", port: 8471)
        let session = app.sessions.create(user: "worker", now: now)
        var headers = HTTPHeaders()
        headers.append(name: "Host", value: "127.0.0.1:8471")
        headers.append(name: "Cookie", value: "\(NodeWebApp.cookieName)=\(session.id)")
        var problems: [String] = []
        func open(_ method: String, _ target: String, form: String = "") {
            let response = app.handle(.inProcess(method, target, headers: headers, body: Array(form.utf8)))
            if response.status >= 500 { problems.append("\(method) \(target) answered \(response.status): \(String(decoding: response.body, as: UTF8.self).components(separatedBy: "could not be shown").last?.prefix(300) ?? "")") }
        }
        for path in ["/", "/decisions", "/overdue", "/conflicts", "/sync", "/access-log"] { open("GET", path) }
        for view in try CaseBook(store: node).list() {
            open("GET", "/cases/\(view.number)")
            let document = Service(rawValue: view.service ?? "").flatMap { Checklists.documents(for: $0).first?.id } ?? "application"
            open("POST", "/cases/\(view.number)/checklist", form: "_csrf=\(session.csrf)&doc=\(document)")
        }
        for person in try PersonBook(store: node).list() {
            open("GET", "/people/\(person.values[PersonFields.registerNumber] ?? "")".addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/")
        }
        return problems
    }
}
