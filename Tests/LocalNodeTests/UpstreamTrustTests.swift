import Foundation
import Testing
import HalamjTestSupport
import ReplicaStorage
import SyncModel

/// The district's CA file and the hub's pin are kept with the hub's address in the node's
/// database, so that every sync (`sync`, `--watch`, the web app's "Sync now") verifies the
/// hub the same way; a later change of token or address keeps them.
@Suite struct UpstreamTrustTests {
    @Test func theCAFileAndPin_AreKept_ThroughATokenChange_UntilCleared() throws {
        let dir = TemporaryDirectory()
        let store = try ReplicaStore.create(
            path: dir.path("node.db"), replica: ReplicaID("soum-4305")!, role: .node, office: "soum-4305")
        try store.setUpstream(Upstream(url: URL(string: "https://hub43.example.mn")!, token: "soum-4305.one"))
        #expect(try store.upstream()?.caFile == nil && store.upstream()?.pinnedPublicKey == nil)

        var upstream = try #require(try store.upstream())
        upstream.caFile = "/etc/halamj/district-ca.pem"
        upstream.pinnedPublicKey = "sha256//YhKJKSzoTt2b5FP18fvpHo7fJYqQCjAa3HWY3tvRMwE="
        try store.setUpstream(upstream)
        var changed = try #require(try store.upstream())
        changed.token = "soum-4305.two"
        try store.setUpstream(changed)
        let kept = try #require(try store.upstream())
        #expect(kept.token == "soum-4305.two")
        #expect(kept.caFile == "/etc/halamj/district-ca.pem")
        #expect(kept.pinnedPublicKey == "sha256//YhKJKSzoTt2b5FP18fvpHo7fJYqQCjAa3HWY3tvRMwE=")

        var cleared = kept
        cleared.pinnedPublicKey = nil
        try store.setUpstream(cleared)
        #expect(try store.upstream()?.pinnedPublicKey == nil && store.upstream()?.caFile == "/etc/halamj/district-ca.pem")
    }
}
