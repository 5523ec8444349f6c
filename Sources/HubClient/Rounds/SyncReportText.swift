import SyncModel

/// How a sync round reads to the social worker, Mongolian first: one line while it runs
/// (the terminal's progress line, the web app's sync page) and one when it is done.
extension SyncReport {
    /// `Илгээж байна (pushing) 300/1000 · ↑ 24 KB ↓ 3 KB · 3.9 KB/s · ~2 мин (min) үлдсэн (left)`
    public var progressLine: String {
        var parts: [String]
        switch phase {
        case .pushing: parts = ["Илгээж байна (pushing) \(pushedRecords + refused)/\(max(toPush, pushedRecords + refused))"]
        case .pulling: parts = ["Татаж байна (pulling) \(pulledRecords)"]
        case .done: parts = ["Дууссан (done)"]
        }
        parts.append("↑ \(ByteText.bytes(bytesSent)) ↓ \(ByteText.bytes(bytesReceived))")
        if let rate = bytesPerSecond { parts.append(ByteText.rate(bytesPerSecond: rate)) }
        if let left = pushSecondsLeft { parts.append("~\(HumanTime.duration(seconds: Int(left.rounded(.up)))) үлдсэн (left)") }
        return parts.joined(separator: " · ")
    }

    /// `илгээсэн (pushed) 1000, татсан (pulled) 12, өөрчлөгдсөн (changed here) 0 · ↑ 81 KB ↓ 20 KB, 25 сек (s)`
    public var summaryLine: String {
        var line = "илгээсэн (pushed) \(pushedRecords), татсан (pulled) \(pulledRecords), өөрчлөгдсөн (changed here) \(changedLocally)"
        if refused > 0 { line += ", татгалзсан (refused) \(refused): see 'halamj-node status'" }
        line += " · ↑ \(ByteText.bytes(bytesSent)) ↓ \(ByteText.bytes(bytesReceived)), \(HumanTime.duration(seconds: Int(seconds.rounded())))"
        if let rate = bytesPerSecond { line += " (\(ByteText.rate(bytesPerSecond: rate)))" }
        return line
    }
}
