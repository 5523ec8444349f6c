/// Sizes and rates for people: `950 B`, `81 KB`, `1.6 MB`, `3.9 KB/s`, in units of
/// 1,024 with one decimal below ten, as file managers show them.
public enum ByteText {
    public static func bytes(_ count: Int) -> String {
        let units = ["B", "KB", "MB", "GB"]
        var value = Double(max(0, count))
        var unit = 0
        while value >= 1_024, unit < units.count - 1 {
            value /= 1_024
            unit += 1
        }
        if unit == 0 { return "\(Int(value)) B" }
        let shown = value < 10 ? (value * 10).rounded() / 10 : value.rounded()
        let text = shown == shown.rounded() ? String(Int(shown)) : String(shown)
        return "\(text) \(units[unit])"
    }

    public static func rate(bytesPerSecond: Double) -> String {
        bytes(Int(bytesPerSecond.rounded())) + "/s"
    }
}
