import Foundation
import Testing
@testable import HubServer
@testable import HubClient
import HubUpstream
import ReplicaStorage
import CaseBooks
import SyncModel

/// Issue 19: soum nodes under district hubs under a national hub, each a real hub on
/// 127.0.0.1 syncing over HTTP. A district reaches its own offices' cases and no other
/// district's; what the national hub writes reaches the district and the soum; a case
/// moves to another soum with everything it holds, and an edit the old soum made before
/// it heard of the move still reaches the case.
@Suite struct ThreeLevelTests {
    let dir = TemporaryDirectory()

    /// A district hub: its store, the hub its soums sync with, and its round with the national hub.
    struct District {
        let store: ReplicaStore
        let hub: TestHub
        let uplink: DistrictSync
        var book: CaseBook { CaseBook(store: store) }

        func sync() async throws -> DistrictSync.Report {
            try await uplink.round()
        }
    }

    /// The country in small: hub-41 serves soum-4101 and soum-4102, hub-42 serves soum-4201.
    struct Country {
        let national: TestHub
        let districts: [String: District]
        let soums: [String: TestNode]
        let districtTokens: [String: String]

        func stop() {
            national.stop()
            for district in districts.values { district.hub.stop() }
        }

        /// Every soum, then every district, twice: what any level wrote reaches every other.
        func syncAll() async throws {
            for _ in 0..<2 {
                for soum in soums.keys.sorted() { _ = try await soums[soum]!.sync() }
                for district in districts.keys.sorted() { _ = try await districts[district]!.sync() }
            }
            for soum in soums.keys.sorted() { _ = try await soums[soum]!.sync() }
        }
    }

    static let layout = ["hub-41": ["soum-4101", "soum-4102"], "hub-42": ["soum-4201"]]

    func country() throws -> Country {
        let nationalStore = try Hub.create(path: dir.path("national.db"), id: ReplicaID("hub-mn")!)
        let national = try TestHub(store: nationalStore)
        var districts: [String: District] = [:]
        var soums: [String: TestNode] = [:]
        var tokens: [String: String] = [:]
        for (id, offices) in Self.layout {
            let token = try DistrictRegistry(store: nationalStore).add(id, now: 1)
            tokens[id] = token
            let store = try Hub.create(path: dir.path("\(id).db"), id: ReplicaID(id)!)
            let hub = try TestHub(store: store)
            for office in offices {
                soums[office] = try TestNode(directory: dir, office: office, hub: hub.url,
                                             token: try OfficeRegistry(store: store).add(office, now: 1))
            }
            let upstream = Upstream(url: national.url, token: token)
            try DistrictSync.connect(store, to: upstream)
            var configuration = SyncConfiguration()
            configuration.maxAttempts = 2
            configuration.baseDelay = 0.01
            configuration.requestTimeout = 10
            districts[id] = District(store: store, hub: hub, uplink: DistrictSync(store: store, upstream: upstream, configuration: configuration))
        }
        return Country(national: national, districts: districts, soums: soums, districtTokens: tokens)
    }

    func open(_ soum: TestNode, _ name: String, rd: String = "УБ99031212") throws -> CaseView {
        try soum.book.open(service: .childCareAllowance, registerNumber: try RegisterNumber.parse(rd), name: name)
    }

    /// Issue 20: a scan goes up to its district with the soum's sync, but to the national
    /// hub only when someone there opens it; then with the district's next sync.
    @Test func aScanReachesTheNationalHub_OnlyWhenSomeoneThereOpensIt() async throws {
        let country = try country()
        defer { country.stop() }
        let soum = country.soums["soum-4101"]!
        let view = try open(soum, "Бат")
        var bytes = Array("%PDF-1.4\n".utf8)
        for index in 0..<120_000 { bytes.append(UInt8(truncatingIfNeeded: index &* 7_919)) }
        let document = Checklists.documents(for: .childCareAllowance, stage: .soum)[0].id
        let scan = try soum.book.attach(view.number, document: document, bytes: bytes, name: "a.pdf",
                                        files: ContentStore.beside(database: soum.store.path))
        try await country.syncAll()
        let district = country.districts["hub-41"]!
        #expect(try ContentStore.beside(database: district.store.path).read(scan.sha256) == bytes, "at the district with the soum's sync")
        let national = ContentStore.beside(database: country.national.store.path)
        #expect(!national.contains(scan.sha256), "not pushed to every level")
        #expect(try CaseBook(store: country.national.store).scans(view.number) == [scan], "the national hub knows the case names it")

        let requests = ScanRequests(store: country.national.store)
        guard case .asked(_, let office) = try requests.open(scan.sha256, case: view.number, now: Clock.nowMillis()) else {
            Issue.record("the national hub gave a file it does not hold")
            return
        }
        #expect(office == "soum-4101")
        let round = try await district.sync()
        #expect(round.sync.filesSent == 1, "the district sent it up when asked")
        guard case .file(_, let got) = try requests.open(scan.sha256, case: view.number, now: Clock.nowMillis()) else {
            Issue.record("the national hub does not hold the scan after the district's sync")
            return
        }
        #expect(got == bytes)
        // The other district cannot fetch it from the national hub.
        let other = try await exchange(URL(string: "\(country.national.url)\(SyncProtocol.filesPath)/\(scan.sha256)?case=\(view.number)")!,
                                       method: "GET", token: country.districtTokens["hub-42"]!)
        #expect(other.status == 403)
    }

    @Test func everySoumsCaseReachesTheNationalHub_AndANationalDecisionComesBackToTheSoum() async throws {
        let country = try country()
        defer { country.stop() }
        let bat = try open(country.soums["soum-4101"]!, "Бат")
        let dorj = try open(country.soums["soum-4201"]!, "Дорж")
        try await country.syncAll()

        let nationalBook = CaseBook(store: country.national.store)
        #expect(try nationalBook.show(bat.number).values["name"] == "Бат")
        #expect(try nationalBook.show(dorj.number).values["name"] == "Дорж")
        // Each district reported its offices, and holds them alone.
        let held = try country.national.store.read { tx in
            try tx.database.query("SELECT office, district FROM district_offices ORDER BY office") { "\($0.text(0))@\($0.text(1))" }
        }
        #expect(held == ["soum-4101@hub-41", "soum-4102@hub-41", "soum-4201@hub-42"])

        _ = try nationalBook.set(bat.number, ["phone": "99001100", "decision": "approved"])
        try await country.syncAll()
        let atSoum = try country.soums["soum-4101"]!.book.show(bat.number)
        #expect(atSoum.values["phone"] == "99001100" && atSoum.values["decision"] == "approved")
        #expect(try country.districts["hub-41"]!.book.show(bat.number).values["decision"] == "approved")
        // hub-42 never got hub-41's case, nor its soum.
        #expect(throws: CaseError.notFound(bat.number)) { try country.districts["hub-42"]!.book.show(bat.number) }
        #expect(throws: CaseError.notFound(bat.number)) { try country.soums["soum-4201"]!.book.show(bat.number) }
    }

    @Test func aDistrictsToken_PullsItsOwnOfficesCasesOnly_AndCannotClaimOrPushAnotherDistrictsOffice() async throws {
        let country = try country()
        defer { country.stop() }
        let bat = try open(country.soums["soum-4101"]!, "Бат")
        _ = try open(country.soums["soum-4201"]!, "Дорж")
        try await country.syncAll()

        // hub-42's token, used by hand: its pull has soum-4201's case only.
        let token = country.districtTokens["hub-42"]!
        let pull = try await exchange(URL(string: "\(country.national.url)\(SyncProtocol.pullPath)?since=0")!, method: "GET", token: token)
        #expect(pull.status == 200)
        let pulled = try SyncJSON.pullResponse(pull.body).records
        #expect(pulled.map(\.office) == ["soum-4201"])

        // It reports soum-4101 as its own: refused, the office stays hub-41's.
        let claim = try await exchange(URL(string: "\(country.national.url)\(SyncProtocol.officesPath)")!, method: "POST", token: token,
                                       body: Data(#"{"offices":[{"office":"soum-4101","state":"healthy"}]}"#.utf8))
        #expect(claim.status == 200)
        let answer = try JSONDecoder().decode(DistrictOffices.Answer.self, from: claim.body)
        #expect(answer.accepted.isEmpty)
        #expect(answer.refused.first?.reason.contains("held by district hub-41") == true)

        // It pushes a copy of hub-41's case with a write of its own: refused, nothing stored.
        var forged = try country.districts["hub-41"]!.store.read { try $0.load(RecordKey(collection: "cases", id: bat.number)) }!.record
        forged.write(["name": "Хуурамч"], dot: Dot(replica: ReplicaID("hub-42")!, counter: 1), hlc: HLCTimestamp(wallMillis: Clock.nowMillis(), logical: 0, replica: ReplicaID("hub-42")!))
        let push = PushRequest(replica: ReplicaID("hub-42")!, deliveredThrough: 1, latestCounter: 1, pendingCount: 1, oldestPendingSeconds: 0, records: [forged])
        let pushed = try await exchange(URL(string: "\(country.national.url)\(SyncProtocol.pushPath)")!, method: "POST", token: token,
                                        body: try JSONEncoder().encode(push))
        #expect(pushed.status == 200)
        let results = try SyncJSON.pushResponse(pushed.body).results
        #expect(results.map(\.outcome) == [.refused])
        #expect(results.first?.reason?.contains("soum-4101") == true)
        #expect(try CaseBook(store: country.national.store).show(bat.number).values["name"] == "Бат")
    }

    @Test func aCaseTransferredToAnotherDistrictsSoum_ArrivesWhole_AndTheOldSoumSeesWhereItWent() async throws {
        let country = try country()
        defer { country.stop() }
        let old = country.soums["soum-4101"]!, new = country.soums["soum-4201"]!
        let bat = try open(old, "Бат")
        _ = try old.book.set(bat.number, ["phone": "99112233", "address": "2-р баг"])
        try await country.syncAll()

        let nationalBook = CaseBook(store: country.national.store)
        let offices = Set(Self.layout.values.flatMap { $0 })
        _ = try nationalBook.transfer(bat.number, to: "soum-4201", among: offices)
        // Before it hears of the move, the old soum edits the case.
        _ = try old.book.set(bat.number, ["phone": "88776655"])
        try await country.syncAll()

        let arrived = try new.book.show(bat.number)
        #expect(arrived.number == bat.number, "the number does not change")
        #expect(arrived.values["address"] == "2-р баг")
        #expect(arrived.values["phone"] == "88776655", "the old soum's concurrent edit reaches the new one")
        // ... and the national hub says so in its audit log.
        let audit = try AuditLog(store: country.national.store).entries()
        #expect(audit.contains { $0.action == "moved case edited" && $0.subject == bat.number && $0.detail.contains("soum-4201") })
        #expect(try new.store.read { try $0.load(RecordKey(collection: "cases", id: bat.number)) }?.record.currentOffice == "soum-4201")
        // The new soum works on it; the old one keeps it read-only, saying where it went.
        _ = try new.book.set(bat.number, ["address": "Баянзүрх"])
        let atOld = try old.store.read { try $0.load(RecordKey(collection: "cases", id: bat.number)) }!.record
        #expect(atOld.currentOffice == "soum-4201")
        #expect(throws: MovedAway.self) { try old.book.set(bat.number, ["phone": "11111111"]) }
        try await country.syncAll()
        #expect(try nationalBook.show(bat.number).values["address"] == "Баянзүрх")
        #expect(try nationalBook.show(bat.number).values["phone"] == "88776655")
        // hub-41 keeps the old copy out of its queues; hub-42 has it.
        #expect(try country.districts["hub-42"]!.book.show(bat.number).values["address"] == "Баянзүрх")
        let queued = try country.districts["hub-41"]!.store.read { tx in
            try tx.database.scalarInt("SELECT count(*) FROM records WHERE id = ? AND (due_day IS NOT NULL OR decision_day IS NOT NULL OR service IS NOT NULL)", [.text(bat.number)])
        }
        #expect(queued == 0)
    }

    @Test func aDistrictMovesACaseBetweenItsOwnSoums_AndTheNationalHubFollows() async throws {
        let country = try country()
        defer { country.stop() }
        let bat = try open(country.soums["soum-4101"]!, "Бат")
        try await country.syncAll()
        let district = country.districts["hub-41"]!
        #expect(throws: CaseError.self) { try district.book.transfer(bat.number, to: "soum-4201", among: ["soum-4101", "soum-4102"]) }
        _ = try district.book.transfer(bat.number, to: "soum-4102", among: ["soum-4101", "soum-4102"])
        try await country.syncAll()
        #expect(try country.soums["soum-4102"]!.book.show(bat.number).values["name"] == "Бат")
        let atNational = try country.national.store.read { try $0.load(RecordKey(collection: "cases", id: bat.number)) }!.record
        #expect(atNational.currentOffice == "soum-4102")
        #expect(atNational.formerOffices == ["soum-4101"])
    }

    /// Issue 20: the old soum attaches a scan before it hears of the move, the new soum one
    /// after it has the case: both scans stay on the case, at every level, both files at the district.
    @Test func twoOfficesAttachingScansToOneCaseAtOnce_KeepBoth() async throws {
        let country = try country()
        defer { country.stop() }
        let old = country.soums["soum-4101"]!, new = country.soums["soum-4102"]!
        let bat = try open(old, "Бат")
        try await country.syncAll()
        let district = country.districts["hub-41"]!
        _ = try district.book.transfer(bat.number, to: "soum-4102", among: ["soum-4101", "soum-4102"])
        _ = try await new.sync()
        let documents = Checklists.documents(for: .childCareAllowance, stage: .soum).map(\.id)
        func pdf(_ seed: Int) -> [UInt8] { Array("%PDF-1.4\n".utf8) + (0..<30_000).map { UInt8(truncatingIfNeeded: $0 &* seed) } }
        let before = try old.book.attach(bat.number, document: documents[0], bytes: pdf(3), name: "old.pdf",
                                         files: ContentStore.beside(database: old.store.path))
        let after = try new.book.attach(bat.number, document: documents[1], bytes: pdf(5), name: "new.pdf",
                                        files: ContentStore.beside(database: new.store.path))
        try await country.syncAll()
        for store in [district.store, country.national.store, new.store] {
            #expect(Set(try CaseBook(store: store).scans(bat.number)) == [before, after])
        }
        let files = ContentStore.beside(database: district.store.path)
        #expect(try files.read(before.sha256) == pdf(3) && files.read(after.sha256) == pdf(5))
    }

    @Test func theNationalStatus_ShowsEachDistrict_AndBelowItTheOfficesItReported_SilentOnesIncluded() async throws {
        let country = try country()
        defer { country.stop() }
        _ = try open(country.soums["soum-4101"]!, "Бат")
        // soum-4102 never syncs; hub-42's soum does, and then hub-42 goes quiet for three days.
        _ = try await country.soums["soum-4101"]!.sync()
        _ = try await country.soums["soum-4201"]!.sync()
        for district in ["hub-41", "hub-42"] { _ = try await country.districts[district]!.sync() }

        let now = Clock.nowMillis()
        let status = try StatusReport(store: country.national.store).build(now: now)
        #expect(status.districts.map(\.health.id).sorted() == ["hub-41", "hub-42"])
        let hub41 = try #require(status.districts.first { $0.health.id == "hub-41" })
        #expect(hub41.offices.map(\.office) == ["soum-4102", "soum-4101"], "worst first: the office that never synced")
        #expect(hub41.offices.first?.state == "never")
        #expect(hub41.health.state == .attention && hub41.health.reasons.contains { $0.contains("offices silent") })

        let later = try StatusReport(store: country.national.store).build(now: now + 3 * 86_400_000)
        #expect(later.districts.allSatisfy { $0.health.state == .silent })
        let html = DashboardPage.render(later)
        #expect(html.contains("data-district=\"hub-42\"") && html.contains("data-office=\"soum-4102\""))
        #expect(html.contains("Чимээгүй (silent)"))
        let metrics = MetricsPage.render(later, requests: RequestMetrics())
        #expect(metrics.contains("halamj_district_silent{district=\"hub-41\"} 1"))
        #expect(metrics.contains("halamj_district_office_silent{district=\"hub-41\",office=\"soum-4102\"} 1"))
        #expect(metrics.contains("halamj_district_office_silent{district=\"hub-41\",office=\"soum-4101\"} 0"))
        // The district's own status names the national hub it syncs with.
        let atDistrict = try StatusReport(store: country.districts["hub-41"]!.store).build(now: now)
        #expect(atDistrict.upstream?.url == country.national.url.absoluteString)
        #expect(atDistrict.upstream?.lastSyncAt != nil && atDistrict.upstream?.pendingCount == 0)
    }

    @Test func theNationalReport_CountsEachCaseUnderTheDistrictAndOfficeHoldingItNow() async throws {
        let country = try country()
        defer { country.stop() }
        let bat = try open(country.soums["soum-4101"]!, "Бат")
        _ = try open(country.soums["soum-4102"]!, "Болд", rd: "УБ99031213")
        _ = try open(country.soums["soum-4201"]!, "Дорж", rd: "УБ99031214")
        try await country.syncAll()
        _ = try CaseBook(store: country.national.store).transfer(bat.number, to: "soum-4201", among: Set(Self.layout.values.flatMap { $0 }))
        try await country.syncAll()

        let today = try country.national.store.localDate(Clock.nowMillis())
        let month = DistrictReport.month(of: today)
        let labels = ["soum-4101": "hub-41", "soum-4102": "hub-41", "soum-4201": "hub-42"]
        let report = try CaseBook(store: country.national.store).districtReport(from: month.from, to: month.to, today: today, districtOf: labels)
        #expect(report.rows.map { "\($0.district ?? "?")/\($0.office)=\($0.cases)" } == ["hub-41/soum-4102=1", "hub-42/soum-4201=2"])
        #expect(report.districts.map { "\($0.office)=\($0.cases)/\($0.people)" } == ["hub-41=1/1", "hub-42=2/2"])
        #expect(report.total.cases == 3)
        #expect(report.csv.hasPrefix("district,office,service"))
        // The district that sent the case away no longer counts it.
        let atHub41 = try CaseBook(store: country.districts["hub-41"]!.store).districtReport(from: month.from, to: month.to, today: today)
        #expect(atHub41.rows.map(\.office) == ["soum-4102"])
    }
}
