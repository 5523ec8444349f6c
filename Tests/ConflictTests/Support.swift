import SyncModel
@_exported import HalamjTestSupport


/// Every ordering of `items` (Heap's algorithm).
func permutations<T>(_ items: [T]) -> [[T]] {
    var result: [[T]] = []
    var a = items
    func generate(_ k: Int) {
        if k <= 1 { result.append(a); return }
        generate(k - 1)
        for i in 0..<(k - 1) {
            a.swapAt(k % 2 == 0 ? i : 0, k - 1)
            generate(k - 1)
        }
    }
    generate(a.count)
    return result
}
