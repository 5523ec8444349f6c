/// Durations typed on the command line: `90s`, `30m`, `48h`, `2d`, or plain seconds.
public enum DurationText {
    public static func seconds(_ text: String) -> Int? {
        guard let last = text.last else { return nil }
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
        if let unit = units[last] {
            return Int(text.dropLast()).flatMap { $0 >= 0 ? $0 * unit : nil }
        }
        return Int(text).flatMap { $0 >= 0 ? $0 : nil }
    }
}
