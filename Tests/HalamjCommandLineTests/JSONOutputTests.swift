import Foundation
import Testing
import HalamjCommandLine

@Suite("JSONOutput")
struct JSONOutputTests {
    private struct CaseSummary: Encodable {
        let number: String
        let applicant: String
        let link: String
        let fields: [String: String]
    }

    private let expected = """
        {
          "applicant" : "Бат-Эрдэнэ",
          "fields" : {
            "service" : "газар",
            "status" : "нээлттэй"
          },
          "link" : "http://hub/cases/2026-0042",
          "number" : "2026-0042"
        }
        """

    @Test("encodable values are pretty-printed with sorted keys, unescaped Cyrillic and slashes")
    func encodable() throws {
        let summary = CaseSummary(number: "2026-0042", applicant: "Бат-Эрдэнэ",
                                  link: "http://hub/cases/2026-0042",
                                  fields: ["status": "нээлттэй", "service": "газар"])
        let json = try JSONOutput.string(summary)
        #expect(json == expected)
        #expect(!json.contains("\\u"))
        #expect(!json.contains("\\/"))
    }

    @Test("JSONSerialization-shaped values come out in the same format")
    func jsonObject() throws {
        let object: [String: Any] = [
            "number": "2026-0042",
            "applicant": "Бат-Эрдэнэ",
            "link": "http://hub/cases/2026-0042",
            "fields": ["status": "нээлттэй", "service": "газар"],
        ]
        #expect(try JSONOutput.string(jsonObject: object) == expected)
    }

    @Test("numbers, booleans and null are written as JSON literals")
    func literals() throws {
        let object: [String: Any] = ["count": 3, "ok": true, "ratio": 1.5, "gone": NSNull()]
        #expect(try JSONOutput.string(jsonObject: object) == """
            {
              "count" : 3,
              "gone" : null,
              "ok" : true,
              "ratio" : 1.5
            }
            """)
    }

    @Test("a lone string is written as a JSON fragment by both forms")
    func fragments() throws {
        #expect(try JSONOutput.string("Төлөв") == "\"Төлөв\"")
        #expect(try JSONOutput.string(jsonObject: "Төлөв") == "\"Төлөв\"")
    }

    @Test("dates are written in ISO 8601")
    func dates() throws {
        #expect(try JSONOutput.string(["at": Date(timeIntervalSince1970: 1_795_609_860)]) == """
            {
              "at" : "2026-11-25T12:31:00Z"
            }
            """)
    }

    @Test("a value JSON cannot represent throws instead of trapping")
    func invalidValues() {
        #expect(throws: EncodingError.self) { try JSONOutput.string(jsonObject: ["x": Date()]) }
        #expect(throws: EncodingError.self) { try JSONOutput.string(["x": Double.nan]) }
    }
}
