/// How a request reaches the hub and its answer comes back: libcurl (`CurlClient`) in
/// the product; the hub's router in process in tests that drive the real sync logic
/// (Tests/ConflictTests/StoreConvergenceTests) with faults of their choosing.
protocol HubTransport: Sendable {
    func send(_ request: CurlClient.Request, onTransfer: (@Sendable (WireBytes) -> Void)?) async throws -> CurlClient.Response
}

extension CurlClient: HubTransport {}
