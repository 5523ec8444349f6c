import SyncModel

/// The office's own calendar: which day it is at the office. Every date a person sees
/// or a deadline counts from is taken through it, never in UTC.
extension StoreTransaction {
    /// The zone this store counts its days in (`OfficeTimeZone.default` unless set).
    public func timeZone() throws -> OfficeTimeZone {
        try meta(MetaKey.timeZone).flatMap(OfficeTimeZone.init) ?? .default
    }

    /// The office's calendar day at `millis` (Unix milliseconds).
    public func localDate(_ millis: Int64) throws -> CivilDate {
        try timeZone().date(ofMillis: millis)
    }
}

extension ReplicaStore {
    public func timeZone() throws -> OfficeTimeZone {
        try read { try $0.timeZone() }
    }

    public func setTimeZone(_ zone: OfficeTimeZone) throws {
        try transaction { try $0.setMeta(MetaKey.timeZone, zone.id) }
    }

    /// The office's calendar day at `millis`: what "today" means for its deadlines.
    public func localDate(_ millis: Int64) throws -> CivilDate {
        try timeZone().date(ofMillis: millis)
    }
}
