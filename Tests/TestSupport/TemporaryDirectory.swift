import Foundation

/// A fresh directory for one test's files, removed when the test is done with it.
public final class TemporaryDirectory: Sendable {
    public let url: URL

    /// In `$TMPDIR`, or under `parent` (e.g. `/dev/shm` for tests that make thousands
    /// of small databases and measure nothing about the disk).
    public init(in parent: URL? = nil) {
        url = (parent ?? FileManager.default.temporaryDirectory)
            .appendingPathComponent("halamj-test-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}
