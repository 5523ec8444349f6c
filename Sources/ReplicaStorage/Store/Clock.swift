import Foundation

/// Wall-clock time in milliseconds since 1970, the physical part of every HLC reading.
public enum Clock {
    public static func nowMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}
