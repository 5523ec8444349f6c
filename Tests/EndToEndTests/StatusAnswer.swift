import HubServer

/// `GET /v1/status` and `halamj-hub status --json` as a monitoring script reads them:
/// the hub writes its status and never reads one back, so the reading is the test's.
struct StatusAnswer: Decodable {
    struct Office: Decodable {
        let office: String
        let state: OfficeHealth.State
        let waitingAtHub: Int
        let pendingAtNode: Int?
        let deliveredThrough: UInt64
        let latestCounter: UInt64
    }

    let offices: [Office]
}
