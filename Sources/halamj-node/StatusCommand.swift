import Foundation
import HalamjCommandLine
import ReplicaStorage
import HubClient
import LocalNode
import SyncModel

/// `halamj-node status [--json]`: what waits to be sent, when the last sync was, the hub.
enum StatusCommand {
    static let spec = CommandSpec(
        "halamj-node status", """
            Төлөв (status): this office's sync state: changes not yet at the hub, the oldest of them,
            the last successful sync, the hub's address, records the hub refused and
            records this node refused to take from the hub.
            """,
        options: [Flag.json], database: NodeCommand.defaultDatabase)

    static func run(_ words: [String]) throws -> Int32 {
        guard let line = try spec.parse(words) else { return ExitCode.success }
        let store = try NodeStore.open(path: line.databasePath)
        let status = try store.status()
        if try line.flag(.json) {
            Console.out(try JSONOutput.string(status))
            return ExitCode.success
        }
        let now = Clock.nowMillis()
        func when(_ millis: Int64?) -> String {
            guard let millis else { return "хэзээ ч үгүй (never)" }
            return "\(HumanTime.iso(millis: millis)), \(HumanTime.ago(seconds: Int((now - millis) / 1000)))"
        }
        var hub = status.hub ?? "тохируулаагүй (not configured)"
        let upstream = try store.upstream()
        if let upstream, HubAddress.transport(of: upstream.url) == .plainHTTP {
            hub += upstream.insecureHTTP
                ? "  ⚠ шифрлэгдээгүй (unencrypted, \(HubAddress.insecureOption))"
                : "  ⚠ шифрлэгдээгүй, sync refuses it (unencrypted; 'config \(HubAddress.insecureOption)' accepts it)"
        }
        var rows: [(label: String, value: String)] = [
            ("Алба (office)", status.office ?? status.replica),
            ("Төв (hub)", hub),
        ]
        // How the office trusts the hub: what to check first when its certificate is refused.
        if let path = upstream?.caFile { rows.append(("Итгэх CA (--ca-file)", path)) }
        if let pin = upstream?.pinnedPublicKey { rows.append(("Бэхэлсэн түлхүүр (--pin)", pin)) }
        if let proxy = upstream?.proxy { rows.append(("Прокси (--proxy)", Self.withoutPassword(proxy))) }
        rows += [
            ("Хэргийн тоо (records)", String(status.recordCount)),
            ("Илгээгээгүй (pending)", String(status.pendingCount)),
            ("Хамгийн хуучин (oldest pending)", status.oldestPendingAt.map { when($0) } ?? "—"),
            ("Сүүлд амжилттай (last sync)", when(status.lastSyncAt)),
            ("Бичлэг (writes here / at hub)", "\(status.latestCounter) / \(status.hubHoldsThrough.map(String.init) ?? "?")"),
            ("Скан хүлээгдэж буй (scans waiting)", status.filesWaiting.line(bytesPerSecond: status.linkBytesPerSecond)),
        ]
        if let error = status.lastSyncError {
            rows.append(("Сүүлийн алдаа (last error)", "\(when(status.lastSyncAttemptAt)): \(error)"))
        }
        rows.append(("Төвд холбогдох (hub reachable)",
                     status.lastSyncAttemptAt == nil ? "шалгаагүй (not tried)"
                     : status.lastSyncError == nil ? "тийм (yes, at last sync)" : "үгүй (no, at last try)"))
        for refusal in status.refused {
            rows.append(("Татгалзсан (refused)", "\(refusal.id): \(refusal.reason)"))
        }
        for refusal in status.refusedFromHub {
            rows.append(("Төвөөс авахаас татгалзсан (refused from the hub)", "\(refusal.collection)/\(refusal.id): \(refusal.reason)"))
        }
        Console.out(LabelledList.render(rows))
        return ExitCode.success
    }

    /// A proxy's address without the password it may carry (`http://user:secret@host`).
    static func withoutPassword(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.password != nil else { return url }
        parts.password = "***"
        return parts.string ?? url
    }
}
