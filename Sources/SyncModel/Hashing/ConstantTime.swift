/// Comparisons whose running time does not reveal where two secrets first differ.
public enum ConstantTime {
    /// True when `a` and `b` are byte-for-byte equal. The time depends only on the lengths, which
    /// are not secret for the digests this compares.
    @inline(never)
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices {
            difference |= a[index] ^ b[index]
        }
        return difference == 0
    }

    public static func equals(_ a: String, _ b: String) -> Bool {
        equals(Array(a.utf8), Array(b.utf8))
    }
}
