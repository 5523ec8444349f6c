import Foundation
import HubServer
import ReplicaStorage
import SyncModel
import Testing

/// What a national hub takes of a district's report of its offices (`POST /v1/sync/offices`,
/// issue 19): each office once, for one district; never an office it serves itself or whose
/// case-number code another office has; only from a district's token; a bad body is a 400.
struct DistrictOfficesTests: OneOfficeHubTesting {
    let hub = try! OneOfficeHub()

    func report(_ offices: [String], token: String) -> (status: Int, answer: DistrictOffices.Answer?) {
        let json = "{\"offices\":[" + offices.map { "{\"office\":\"\($0)\",\"state\":\"healthy\",\"pendingAtNode\":2}" }.joined(separator: ",") + "]}"
        let request = request("POST", SyncProtocol.officesPath, token: token, body: Data(json.utf8))
        guard let response = try? router.handle(request) else { return (outcome(request).status, nil) }
        return (response.status, try? JSONDecoder().decode(DistrictOffices.Answer.self, from: Data(response.body)))
    }

    @Test func eachOffice_BelongsToOneDistrict_AndNoCodeIsTakenTwice() throws {
        let districts = DistrictRegistry(store: store)
        let first = try districts.add("hub-41", now: 1), second = try districts.add("hub-42", now: 1)
        let one = report(["soum-4101", "soum-4102"], token: first)
        #expect(one.status == 200 && one.answer?.accepted == ["soum-4101", "soum-4102"])
        // hub-42 claims one of them, an office this hub serves itself, a code in use, a hub's id.
        let two = report(["soum-4101", "soum-4305", "khoroo-4102", "hub-9", "soum-4201"], token: second)
        #expect(two.answer?.accepted == ["soum-4201"])
        let reasons = Dictionary(uniqueKeysWithValues: (two.answer?.refused ?? []).map { ($0.office, $0.reason) })
        #expect(reasons["soum-4101"]?.contains("held by district hub-41") == true)
        #expect(reasons["soum-4305"]?.contains("syncs with this hub itself") == true)
        #expect(reasons["khoroo-4102"]?.contains("code 4102 is already used by soum-4102") == true)
        #expect(reasons["hub-9"]?.contains("not an office id") == true)
        #expect(try districts.scope(of: "hub-42").offices == ["soum-4201"])
        // The refusals are in the audit log; the office's line is kept for the status.
        #expect(try AuditLog(store: store).entries().contains { $0.action == "district offices refused" && $0.subject == "hub-42" })
        let status = try StatusReport(store: store).build(now: 2)
        #expect(status.districts.first { $0.health.id == "hub-41" }?.offices.first?.pendingAtNode == 2)
        // An office added at this hub later cannot take a district's office's code.
        #expect(throws: OfficeRegistry.RegistryError.codeTaken(code: "4101", by: "soum-4101")) {
            try OfficeRegistry(store: store).add("khoroo-4101", now: 3)
        }
    }

    @Test func onlyADistrictsToken_Reports_AndABadBodyIsRefused() throws {
        #expect(report(["soum-4306"], token: token).status == 403, "an office's token")
        let district = try DistrictRegistry(store: store).add("hub-41", now: 1)
        let bad = request("POST", SyncProtocol.officesPath, token: district, body: Data("{\"offices\": 3}".utf8))
        #expect(outcome(bad).status == 400)
        #expect(report(["soum-4101"], token: "hub-41." + String(repeating: "0", count: 64)).status == 401)
        #expect(throws: DistrictRegistry.RegistryError.notAHub("soum-4999")) { try DistrictRegistry(store: store).add("soum-4999", now: 1) }
        #expect(throws: DistrictRegistry.RegistryError.itself("hub-43")) { try DistrictRegistry(store: store).add("hub-43", now: 1) }
    }
}
