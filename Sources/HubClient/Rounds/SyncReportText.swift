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
        case .sendingFiles: parts = ["Скан илгээж байна (sending scans) \(ByteText.bytes(fileBytesSent)), \(filesWaiting) үлдсэн (waiting)"]
        case .done: parts = ["Дууссан (done)"]
        }
        parts.append("↑ \(ByteText.bytes(bytesSent)) ↓ \(ByteText.bytes(bytesReceived))")
        if let rate = bytesPerSecond { parts.append(ByteText.rate(bytesPerSecond: rate)) }
        if let left = pushSecondsLeft ?? (phase == .sendingFiles ? fileSecondsLeft : nil) { parts.append("~\(HumanTime.duration(seconds: Int(left.rounded(.up)))) үлдсэн (left)") }
        return parts.joined(separator: " · ")
    }

    /// `илгээсэн (pushed) 1000, татсан (pulled) 12, өөрчлөгдсөн (changed here) 0 · ↑ 81 KB ↓ 20 KB, 25 сек (s)`
    public var summaryLine: String {
        var line = "илгээсэн (pushed) \(pushedRecords), татсан (pulled) \(pulledRecords), өөрчлөгдсөн (changed here) \(changedLocally)"
        if refused > 0 { line += ", татгалзсан (refused) \(refused): see 'halamj-node status'" }
        if filesSent + filesWaiting + filesHeldBack > 0 {
            line += ", скан (scans) илгээсэн (sent) \(filesSent)"
            if filesWaiting > 0 { line += ", хүлээгдэж буй (waiting) \(filesWaiting) (\(ByteText.bytes(fileBytesWaiting)))" }
            if filesHeldBack > 0 { line += ", саатсан (held back) \(filesHeldBack): see 'halamj-node fsck'" }
        }
        line += " · ↑ \(ByteText.bytes(bytesSent)) ↓ \(ByteText.bytes(bytesReceived)), \(HumanTime.duration(seconds: Int(seconds.rounded())))"
        if let rate = bytesPerSecond { line += " (\(ByteText.rate(bytesPerSecond: rate)))" }
        return line
    }
}
