/// The states of a case, in workflow order (DESIGN §8): a social worker drafts and
/// submits; the district receives, the governor's decree decides, the case is paid or
/// placed, then closed. Later states win over earlier ones among siblings.
public enum Workflow {
    /// Each state's rank; states of equal rank (approved, rejected; paid, placed) tie,
    /// and the clock breaks the tie. `discharged` is specialized care only (after
    /// `placed`); every path ends in `closed`.
    public static let ranks: [String: Int] = [
        "draft": 0,
        "submitted": 1,
        "received": 2,
        "approved": 3,
        "rejected": 3,
        "paid": 4,
        "placed": 4,
        "discharged": 5,
        "closed": 6,
    ]

    /// States only a hub may set: a node's write of one is refused.
    public static let hubOnly: Set<String> = ["received", "approved", "rejected", "paid", "placed", "discharged", "closed"]

    /// Mongolian labels for people, by state.
    public static let labels: [String: String] = [
        "draft": "Ноорог",
        "submitted": "Илгээсэн",
        "received": "Хүлээн авсан",
        "approved": "Шийдвэрлэсэн: олгох",
        "rejected": "Шийдвэрлэсэн: татгалзсан",
        "paid": "Олгосон",
        "placed": "Асрамжид байршуулсан",
        "discharged": "Асрамжаас гарсан",
        "closed": "Хаасан",
    ]

    /// The rank a state counts with when written by `writer`: unknown states rank
    /// below every known one, and a hub-only state written by an office never wins.
    static func rank(of state: String, writtenBy writer: ReplicaID) -> Int {
        guard let rank = ranks[state] else { return -1 }
        if hubOnly.contains(state) && !writer.isHub { return -2 }
        return rank
    }
}
