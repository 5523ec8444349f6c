import CaseBooks
import Foundation
import HalamjTestSupport
import HubClient
import HubDesk
import HubServer
import LocalNode
import ReplicaStorage
import SyncModel
import WebAccess

/// A hub serving its desk on 127.0.0.1 (port 0), with an officer and a reviewer, and a soum
/// node that syncs with it over HTTP.
final class DeskFixture: @unchecked Sendable {
    static let officer = (name: "dulam", password: "officer-pass-42")
    static let reviewer = (name: "saraa", password: "reviewer-pass-42")
    static let admin = (name: "bold", password: "admin-pass-4242")
    static let office = "soum-4305"

    let directory = TemporaryDirectory()
    let hubStore: ReplicaStore
    let hub: Hub
    let port: UInt16
    let soum: ReplicaStore

    init() throws {
        hubStore = try Hub.create(path: directory.path("hub.db"), id: ReplicaID("hub-43")!)
        let accounts = WebAccounts(store: hubStore, kind: .desk)
        try accounts.add(Self.officer.name, password: Self.officer.password, role: .officer, iterations: 1_000)
        try accounts.add(Self.reviewer.name, password: Self.reviewer.password, role: .reviewer, iterations: 1_000)
        try accounts.add(Self.admin.name, password: Self.admin.password, role: .admin, iterations: 1_000)
        let token = try OfficeRegistry(store: hubStore).add(Self.office, now: Clock.nowMillis())
        let desk = try DeskApp(store: hubStore, passwordIterations: 1_000)
        var configuration = HubConfiguration()
        configuration.port = 0
        configuration.desk = { desk.handle($0) }
        configuration.deskRoutePattern = DeskApp.routePattern
        hub = Hub(store: hubStore, configuration: configuration)
        port = try hub.start()
        soum = try NodeStore.create(path: directory.path("soum.db"), replica: ReplicaID(Self.office)!, office: Self.office)
        try soum.setUpstream(Upstream(url: URL(string: "http://127.0.0.1:\(port)")!, token: token))
    }

    func stop() { hub.stop() }

    /// One sync round of the soum with the hub, over HTTP.
    func sync() async throws {
        _ = try await SyncClient(store: soum, upstream: try soum.upstream()!).syncRound()
    }

    /// A case the soum completed and submitted: a care application (its applicant is
    /// confidential) unless `service` says otherwise.
    func submittedAtSoum(_ service: Service = .careElderly, name: String = "Дорж", rd: String = "УБ45010112",
                         fields extra: [String: String] = [:]) throws -> String {
        let book = CaseBook(store: soum)
        let fields = (CaseTransitions.isCare(service) ? [CareCategory.field: "elderly_without_support"] : [:]).merging(extra) { $1 }
        let opened = try book.open(service: service, registerNumber: try RegisterNumber.parse(rd), name: name, fields: fields)
        _ = try book.markDocuments(opened.number, received: Set(Checklists.documents(for: service, stage: .soum).map(\.id)))
        _ = try book.submit(opened.number)
        return opened.number
    }

    func statusAtHub(_ number: String) throws -> String? { try CaseBook(store: hubStore).show(number).status }

    func browser() -> WebClient { WebClient(port: port) }
}
