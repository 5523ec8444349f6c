// swift-tools-version:6.0
import PackageDescription

// No package dependencies: the customer allows Foundation, Dispatch, Synchronization,
// Swift Testing and system libraries (SQLite through CSQLite, libcurl through CCurl, zlib
// through CZlib).
let package = Package(
    name: "halamj-sync",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "halamj-node", targets: ["halamj-node"]),
        .executable(name: "halamj-hub", targets: ["halamj-hub"]),
        .executable(name: "halamj-bench", targets: ["halamj-bench"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // libcurl's easy interface (Debian's libcurl4-openssl-dev): the node's one HTTP client.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // The records, their merge, the welfare domain and the trust rules: no I/O.
        .target(name: "SyncModel"),
        // Storage every replica has, node or hub: the SQLite database and its schema steps, the
        // store, its change feed, the outbound queue and the sync JSON (issue 16).
        .target(name: "ReplicaStorage", dependencies: ["SyncModel", "CSQLite"]),
        // The welfare books kept in the replica: cases and people, read and written by the soum
        // node and by the district's commands at the hub.
        .target(name: "CaseBooks", dependencies: ["ReplicaStorage", "SyncModel", "ScanImages"]),
        // Photos and scanned images made small for the screen before they are kept (issue 20):
        // JPEG and PNG read, a JPEG written, in Swift (no image library is allowed).
        .target(name: "ScanImages", dependencies: ["CZlib"]),
        // The client of a hub's sync protocol over libcurl: a soum node today, a district hub
        // syncing to a national one tomorrow.
        .target(name: "HubClient", dependencies: ["ReplicaStorage", "CaseBooks", "SyncModel", "HalamjHTTP", "CCurl", "HalamjCompression"]),
        // What only a soum office has: its web users and access log (their own schema steps)
        // and the opening of a node's file.
        .target(name: "LocalNode", dependencies: ["ReplicaStorage", "SyncModel", "WebAccess"]),
        // What both web apps share (the soum's and the district's desk): accounts and the access
        // log, sessions, the Host/CSRF/Origin/login gate, forms, the frame and style of a page.
        .target(name: "WebAccess", dependencies: ["HalamjHTTP", "ReplicaStorage", "CaseBooks", "SyncModel"]),
        // glibc's mallopt, which the Glibc module does not export (HalamjHTTP's LargeBufferMemory).
        .systemLibrary(name: "CMalloc"),
        // zlib (Debian's zlib1g-dev) for gzip-compressed sync bodies on slow links (issue 14).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "HalamjCompression", dependencies: ["CZlib"]),
        .testTarget(name: "HalamjCompressionTests", dependencies: ["HalamjCompression", "HalamjTestSupport"]),
        // The HTTP/1.1 server shared by the hub and the soum web app (issue 9).
        .target(name: "HalamjHTTP", dependencies: ["CMalloc"]),
        .target(name: "HubServer", dependencies: ["HalamjHTTP", "HalamjCompression", "ReplicaStorage", "SyncModel"]),
        // The soum social worker's web app (`halamj-node serve`, issue 9).
        .target(name: "NodeWeb", dependencies: ["HalamjHTTP", "ReplicaStorage", "CaseBooks", "HubClient", "LocalNode", "SyncModel", "WebAccess"]),
        .target(name: "HalamjCommandLine", dependencies: ["ReplicaStorage", "CaseBooks", "SyncModel"]),
        .testTarget(name: "HalamjCommandLineTests", dependencies: ["HalamjCommandLine"]),
        .executableTarget(name: "halamj-node", dependencies: ["NodeWeb", "HalamjHTTP", "ReplicaStorage", "CaseBooks", "HubClient", "LocalNode", "SyncModel", "HalamjCommandLine", "WebAccess"]),
        // A district hub syncing with the national hub above it (issue 19): its offices'
        // report, then the round a node makes.
        .target(name: "HubUpstream", dependencies: ["HubClient", "HubServer", "ReplicaStorage", "SyncModel"]),
        // The district officer's desk at the hub (`/desk` of `halamj-hub serve`).
        .target(name: "HubDesk", dependencies: ["HalamjHTTP", "HubServer", "CaseBooks", "ReplicaStorage", "SyncModel", "WebAccess"]),
        .executableTarget(name: "halamj-hub", dependencies: ["HalamjHTTP", "HubServer", "HubDesk", "HubUpstream", "HubClient", "ReplicaStorage", "CaseBooks", "SyncModel", "HalamjCommandLine", "WebAccess"]),
        // The systemd units in deploy/systemd (issue 17): `systemd-analyze verify` on each with
        // the built programs in their ExecStart= (skipped, saying so, without systemd-analyze),
        // and the nightly backup's retention.
        .testTarget(name: "DeployTests", dependencies: ["HalamjHTTP", "HalamjTestSupport"]),
        // A slow link on one machine (issue 14): a network namespace whose loopback is held to a
        // rate by tbf, and a proxy that counts, delays and cuts. For tests and the bench only.
        .systemLibrary(name: "CNetworkNamespace"),
        .target(name: "LinkEmulation", dependencies: ["HalamjHTTP", "CNetworkNamespace"]),
        // Issue 8's benchmarks: `swift run -c release halamj-bench --quick` (docs/benchmarks.md).
        .executableTarget(name: "halamj-bench", dependencies: ["HalamjHTTP", "HubServer", "HubDesk", "WebAccess", "ReplicaStorage", "CaseBooks", "HubClient", "SyncModel", "LinkEmulation"]),
        // Shared by the test targets only: seeded randomness, shorthand, temporary folders.
        .target(name: "HalamjTestSupport", dependencies: ["HalamjHTTP", "SyncModel", "WebAccess"], path: "Tests/TestSupport"),
        .testTarget(name: "HalamjHTTPTests", dependencies: ["HalamjHTTP", "SyncModel", "HalamjTestSupport"]),
        .testTarget(name: "SyncModelTests", dependencies: ["SyncModel", "HalamjTestSupport"]),
        .testTarget(name: "WelfareTests", dependencies: ["SyncModel"]),
        // The model of issue 4 and, beside it, the same property through the real stores and
        // the hub's routes (issue 16).
        .testTarget(name: "ConflictTests", dependencies: ["SyncModel", "ReplicaStorage", "HubClient", "HubServer", "HubUpstream", "HalamjHTTP", "HalamjTestSupport"]),
        .testTarget(name: "LocalNodeTests", dependencies: ["ReplicaStorage", "CaseBooks", "HubClient", "LocalNode", "SyncModel", "HalamjTestSupport", "WebAccess"]),
        .testTarget(name: "HubServerTests", dependencies: ["HalamjHTTP", "HalamjCompression", "HubServer", "ReplicaStorage", "CaseBooks", "HubClient", "LocalNode", "SyncModel", "HalamjTestSupport", "WebAccess"]),
        // Fault injection: a proxy that breaks the link by a seeded schedule, and kill -9 of both programs.
        .testTarget(name: "FaultTests", dependencies: ["HalamjHTTP", "HubServer", "ReplicaStorage", "CaseBooks", "HubClient", "LocalNode", "SyncModel", "HalamjTestSupport", "WebAccess"]),
        // The trust boundary (issue 13): a seeded adversarial property test of one malicious
        // office among honest ones, through the hub's real routes and the nodes' real stores.
        .testTarget(name: "TrustTests", dependencies: ["HalamjHTTP", "HubServer", "ReplicaStorage", "CaseBooks", "LocalNode", "NodeWeb", "SyncModel", "HalamjTestSupport", "WebAccess"]),
        // Seeded mutational fuzzing of the parser, the push body and the sync handlers (issue 7).
        // The fuzzer's own code (mutators, JSON writer) is optimised even in a debug build, so that
        // the time goes to the product code under test, which stays a debug build with its checks.
        .testTarget(
            name: "FuzzTests", dependencies: ["HalamjHTTP", "HubServer", "ReplicaStorage", "SyncModel", "HalamjTestSupport"],
            swiftSettings: [.unsafeFlags(["-O"])]),
        // Drives Debian's headless Chromium over --remote-debugging-pipe (the web app's browser
        // tests and screenshots; Linux only).
        .target(name: "BrowserDriver"),
        .testTarget(name: "BrowserDriverTests", dependencies: ["BrowserDriver"]),
        // Pictures of the web app's pages: `bash scripts/web-screenshots.sh`.
        .executableTarget(name: "halamj-screenshots", dependencies: ["BrowserDriver"]),
        .testTarget(name: "HubDeskTests", dependencies: ["BrowserDriver", "HalamjHTTP", "HubDesk", "HubServer", "HubClient", "NodeWeb", "LocalNode", "CaseBooks", "ReplicaStorage", "SyncModel", "WebAccess", "LinkEmulation", "HalamjTestSupport"]),
        .testTarget(name: "NodeWebTests", dependencies: ["BrowserDriver", "NodeWeb", "HalamjHTTP", "HubServer", "ReplicaStorage", "CaseBooks", "HubClient", "LocalNode", "SyncModel", "HalamjTestSupport", "WebAccess"]),
        .testTarget(name: "EndToEndTests", dependencies: ["HalamjHTTP", "HubServer", "HubUpstream", "ReplicaStorage", "CaseBooks", "HubClient", "LocalNode", "SyncModel", "HalamjCommandLine", "LinkEmulation", "HalamjTestSupport", "WebAccess"]),
        // Files an earlier release wrote (committed fixtures) opened, migrated and synced by this
        // build's programs (issue 17: upgrades never strand an office).
        .testTarget(name: "UpgradeTests", dependencies: ["HalamjCompression", "HalamjTestSupport"], exclude: ["Fixtures"]),
        // The built programs over an emulated 32 kbit/s link, a second of round trip and cuts
        // (issue 14; root and iproute2, else skipped with the reason): minutes, not seconds.
        // A node syncing through a real nginx running deploy/nginx/halamj-hub.conf, with a CA and
        // certificates made by the test (root, nginx and openssl, else skipped with the reason).
        .testTarget(name: "TLSTests", dependencies: ["HalamjHTTP", "HubServer", "ReplicaStorage", "CaseBooks", "HubClient", "SyncModel", "HalamjTestSupport"]),
        // The .debs of scripts/package.sh (made by scripts/test.sh into .build/packages), installed
        // with dpkg, synced over loopback and removed (root and dpkg, else skipped with the reason).
        .testTarget(name: "PackageTests", dependencies: ["HalamjTestSupport"]),
        // Scanned papers (issue 20): the content store, pieces, fsck, and scans synced through a
        // real hub (a tmpfs for the full disk: root, else that test is skipped with the reason).
        .testTarget(name: "ScanTests", dependencies: ["HalamjHTTP", "HubServer", "ReplicaStorage", "CaseBooks", "HubClient", "LocalNode", "SyncModel", "ScanImages", "HalamjTestSupport", "WebAccess"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SlowLinkTests", dependencies: ["LinkEmulation", "HalamjHTTP", "HubServer", "ReplicaStorage", "CaseBooks", "LocalNode", "SyncModel", "HalamjTestSupport", "WebAccess"]),
    ]
)
