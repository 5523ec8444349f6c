import SyncModel

/// Conflicts as both programs show them: every value, who wrote it and when.
public enum ConflictOutput {
    public static func table(_ conflicts: [Conflict], now: Int64) -> String {
        var table = Table(headers: ["Дугаар (id)", "Хэрэг (case)", "Талбар (field)", "Утгууд (values)", "Одоогийн (current)", "Хэзээнээс (since)"])
        for conflict in conflicts {
            table.add([
                conflict.id, conflict.record, conflict.field,
                conflict.values.map { "«\($0.value)» \($0.replica)" }.joined(separator: " / "),
                conflict.kind == .deletion ? "устгасан (deleted)" : conflict.current,
                HumanTime.ago(seconds: Int(max(0, now - conflict.since) / 1000)),
            ])
        }
        return table.render()
    }
}
