extension Record {
    /// The merge of two copies of one record, field by field, as a multi-value
    /// register per field (DESIGN §4):
    ///  1. keep every entry of A whose dot B also holds, or that B's vector does not
    ///     cover (B has not seen that write);
    ///  2. the same for B's entries against A;
    ///  3. a field's entries are the union; the vector is the pointwise maximum.
    /// Merge never picks a winner: that is left to policies at read time. It is
    /// idempotent, commutative and associative, so retried, duplicated, reordered
    /// and resumed batches are safe.
    public func merged(with other: Record) -> Record {
        precondition(collection == other.collection && id == other.id && office == other.office,
                     "merge of two different records (callers refuse a copy that names another office)")
        var fields: [String: [FieldEntry]] = [:]
        for name in Set(self.fields.keys).union(other.fields.keys) {
            let mine = entries(name)
            let theirs = other.entries(name)
            let theirDots = Set(theirs.map(\.dot))
            let myDots = Set(mine.map(\.dot))
            var kept = mine.filter { theirDots.contains($0.dot) || !other.vector.covers($0.dot) }
            kept += theirs.filter { !myDots.contains($0.dot) && !vector.covers($0.dot) }
            if !kept.isEmpty { fields[name] = kept }
        }
        return Record(
            collection: collection, id: id, office: office,
            fields: fields, vector: vector.merged(with: other.vector))
    }
}
