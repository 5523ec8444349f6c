import Foundation
import HalamjCommandLine
import HubClient
import LocalNode
import ReplicaStorage
import SyncModel

/// `halamj-node fsck [--no-fetch] [--json]`: checks every scan the office's cases name
/// against its hash, sets damaged ones aside and fetches missing and damaged ones again
/// from the hub (issue 20).
enum FsckCommand {
    static let noFetch = Flag("--no-fetch", help: "татахгүй (only check and report; fetch nothing from the hub)")
    static let spec = CommandSpec(
        "halamj-node fsck", """
            Скан шалгах (check the scans): every file the cases name is read and hashed; a
            damaged one is moved aside (<db>-files/damaged/), and missing or damaged ones are
            fetched again from the hub. Exit 0 when every file is whole at the end, 1 when
            some could not be fetched (the list says which), 75 when the hub cannot be reached.
            """,
        options: [noFetch, Flag.json], database: NodeCommand.defaultDatabase)

    struct Outcome: Encodable {
        var checked: Int
        var intact: Int
        var fetched: [FileAudit.Finding] = []
        var notFetched: [Unfetched] = []
    }

    struct Unfetched: Encodable {
        let finding: FileAudit.Finding
        let reason: String
    }

    static func run(_ words: [String]) async throws -> Int32 {
        guard let line = try spec.parse(words) else { return ExitCode.success }
        let store = try NodeStore.open(path: line.databasePath)
        let audit = try FileAudit(store: store).run()
        var outcome = Outcome(checked: audit.checked, intact: audit.intact)
        let fetching = !(try line.flag(noFetch))
        let upstream = try store.upstream()
        var unreachable: SyncError?
        // One fetch per file, for the first case that names it.
        var done: Set<String> = []
        for finding in audit.findings where done.insert(finding.scan.sha256).inserted {
            guard fetching, let upstream, unreachable == nil else {
                let reason = !fetching ? "--no-fetch" : upstream == nil ? SyncError.noUpstream.description : "the hub could not be reached"
                outcome.notFetched.append(Unfetched(finding: finding, reason: reason))
                continue
            }
            do {
                try await SyncClient(store: store, upstream: upstream).fetchFile(finding.scan.sha256, case: finding.caseNumber)
                outcome.fetched.append(finding)
            } catch let error as SyncError {
                if error.isTemporary { unreachable = error }
                outcome.notFetched.append(Unfetched(finding: finding, reason: error.description))
            }
        }
        if try line.flag(.json) {
            Console.out(try JSONOutput.string(outcome))
        } else {
            Console.out(describe(outcome))
        }
        if let unreachable { throw CommandFailure.unreachable(unreachable.description) }
        return outcome.notFetched.isEmpty ? ExitCode.success : ExitCode.failure
    }

    static func describe(_ outcome: Outcome) -> String {
        var lines = ["Шалгасан (checked) \(outcome.checked) скан, бүтэн (whole) \(outcome.intact)"]
        for finding in outcome.fetched {
            lines.append("  \(finding.caseNumber) \(finding.scan.name) (\(finding.scan.sha256.prefix(12))): \(label(finding.state)) → төвөөс дахин татсан (fetched again from the hub)")
        }
        for item in outcome.notFetched {
            lines.append("  \(item.finding.caseNumber) \(item.finding.scan.name) (\(item.finding.scan.sha256.prefix(12))): \(label(item.finding.state)), татаагүй (not fetched): \(item.reason)")
        }
        return lines.joined(separator: "\n")
    }

    static func label(_ state: ContentStore.State) -> String {
        switch state {
        case .intact: "бүтэн (whole)"
        case .missing: "алга (missing)"
        case .corrupt: "гэмтсэн (damaged, set aside)"
        }
    }
}
