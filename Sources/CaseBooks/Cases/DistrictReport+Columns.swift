import SyncModel

/// The report's number columns in one order, with their CSV name and Mongolian and English
/// headers: `halamj-hub report` (table and CSV) and the desk's report page (page, CSV,
/// printable sheet) read them from here, so they show the same numbers in the same order.
extension DistrictReport {
    public struct Column: Sendable {
        public let csv: String
        public let mongolian: String
        public let english: String
        /// A sum of money (MNT), shown with thousands separators.
        public let isMoney: Bool
        public let value: @Sendable (Row) -> Int
    }

    public static let columns: [Column] = [
        Column(csv: "cases", mongolian: "Хэрэг", english: "cases", isMoney: false) { $0.cases },
        Column(csv: "people", mongolian: "Иргэн", english: "people", isMoney: false) { $0.people },
        Column(csv: "submitted", mongolian: "Илгээсэн", english: "applications submitted", isMoney: false) { $0.submitted },
        Column(csv: "approved", mongolian: "Олгох", english: "approved", isMoney: false) { $0.approved },
        Column(csv: "rejected", mongolian: "Татгалзсан", english: "rejected", isMoney: false) { $0.rejected },
        Column(csv: "overdue", mongolian: "Хугацаа хэтэрсэн", english: "decisions overdue", isMoney: false) { $0.overdue },
        Column(csv: "payments", mongolian: "Олголт", english: "payments", isMoney: false) { $0.payments },
        Column(csv: "one_off_paid_mnt", mongolian: "Нэг удаагийн ₮", english: "one-off paid, MNT", isMoney: true) { $0.oneOffPaid },
        Column(csv: "recurring_paid_mnt", mongolian: "Тогтмол ₮", english: "recurring paid, MNT", isMoney: true) { $0.recurringPaid },
        Column(csv: "in_care", mongolian: "Асрамжид", english: "in care", isMoney: false) { $0.inCare },
    ]

    /// A row's numbers in column order; sums of money through `money`.
    public static func numbers(_ row: Row, money: (Int) -> String = { String($0) }) -> [String] {
        columns.map { $0.isMoney ? money($0.value(row)) : String($0.value(row)) }
    }

    /// The report as CSV (RFC 4180 quoting), a header line, a line a row and the total.
    public var csv: String {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        // A national hub's report starts each line with the district.
        let national = rows.contains { $0.district != nil }
        let lead = national ? ["district"] : []
        var lines = [(lead + ["office", "service", "service_name"] + Self.columns.map(\.csv)).joined(separator: ",")]
        for row in rows {
            let district = national ? [row.district ?? ""] : []
            lines.append(((district + [row.office, row.service, row.serviceName]).map(field) + Self.numbers(row)).joined(separator: ","))
        }
        for district in districts {
            lines.append(([field(district.office), "total", "", ""] + Self.numbers(district)).joined(separator: ","))
        }
        lines.append(((national ? ["total"] : []) + ["total", "", ""] + Self.numbers(total)).joined(separator: ","))
        return lines.joined(separator: "\n")
    }
}
