import Foundation
import Testing
import HalamjTestSupport
@testable import HubServer
import ReplicaStorage
import SyncModel

/// During an upgrade the dashboard says which release each office runs, oldest first, so
/// the district sees who has not moved yet (issue 17, item 4).
struct DashboardVersionsTests {
    @Test func theDashboard_CountsOfficesByRelease_OldestFirst_AndNamesThem() throws {
        let hub = try OneOfficeHub()
        let registry = OfficeRegistry(store: hub.store)
        for office in ["soum-4306", "soum-4307", "soum-4308"] { _ = try registry.add(office, now: 2) }
        try hub.store.transaction { tx in
            for (office, version) in [("soum-4305", "0.10.0"), ("soum-4306", "0.9.2"), ("soum-4307", "0.10.0")] {
                try tx.database.execute("UPDATE offices SET software_version = ?, last_contact_at = 5 WHERE id = ?", [.text(version), .text(office)])
            }
        }
        let page = DashboardPage.render(try StatusReport(store: hub.store).build(now: 10))
        // soum-4308 has never said: "?" first, then 0.9.2 before 0.10.0 (not as text).
        #expect(page.contains("Хувилбар (versions): <span class=\"version\" title=\"soum-4308\">?: 1</span> · <span class=\"version\" title=\"soum-4306\">0.9.2: 1</span> · <span class=\"version\" title=\"soum-4305, soum-4307\">0.10.0: 2</span>"), "\(page)")
    }
}
