import Foundation
import Synchronization
import Testing
import HalamjHTTP
import HalamjTestSupport

/// The logger's line: one per event, key=value fields, levels that filter.
@Suite struct LoggerTests {
    @Test func aLine_HasTimeLevelLabelMessageAndFields_InOrder() throws {
        let log = CapturedLog()
        let logger = log.logger("hub")
        logger.info("request", [("method", "GET"), ("route", "/v1/sync/pull"), ("status", "200")])
        let line = try #require(log.lines.first)
        #expect(line.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info hub: request method=GET route=/v1/sync/pull status=200$"#,
                           options: .regularExpression) != nil, "\(line)")
    }

    @Test func forTheJournal_EachLineStartsWithItsPriority() throws {
        let lines = Mutex<[String]>([])
        let logger = Logger(label: "hub", level: .debug, sink: LogSink(prefixesPriority: true) { line in lines.withLock { $0.append(line) } })
        logger.error("request", [("status", "500")])
        logger.warning("full")
        logger.info("request")
        logger.debug("detail")
        let written = lines.withLock { $0 }
        #expect(written.map { String($0.prefix(3)) } == ["<3>", "<4>", "<6>", "<7>"])
        #expect(written[0].range(of: #"^<3>\d{4}-\d\d-\d\dT[^ ]+Z error hub: request status=500$"#, options: .regularExpression) != nil, "\(written[0])")
    }

    @Test func aValueWithSpacesQuotesOrNewlines_IsQuoted_AndTheEventStaysOneLine() throws {
        let log = CapturedLog()
        log.logger("hub").error("request\nforged line", [("cause", "disk \"full\"\nerror hub: forged"), ("empty", "")])
        #expect(log.lines.count == 1)
        let line = try #require(log.lines.first)
        #expect(!line.contains("\n"))
        #expect(line.hasSuffix(#"error hub: request\nforged line cause="disk \"full\"\nerror hub: forged" empty="""#), "\(line)")
    }

    @Test func linesBelowTheLevel_AreNotWritten_NorBuilt() {
        let log = CapturedLog()
        let logger = log.logger("hub", level: .error)
        let built = Mutex(0)
        func message() -> String { built.withLock { $0 += 1 }; return "request" }
        logger.info(message())
        logger.warning(message())
        logger.error(message())
        #expect(log.lines.count == 1)
        #expect(log.lines.first?.contains(" error hub: request") == true)
        #expect(built.withLock { $0 } == 1, "a disabled level costs nothing")
        #expect(!Logger.discarding.isEnabled(.error))
    }

    @Test func levels_AreNamedAsTheOptionTakesThem() {
        #expect(LogLevel.allCases.map(\.description) == ["debug", "info", "notice", "warning", "error"])
        #expect(LogLevel("ERROR") == .error)
        #expect(LogLevel("warn") == nil)
        #expect(LogLevel.debug < LogLevel.info)
    }

    @Test func linesFromManyThreads_NeverInterleave() {
        let log = CapturedLog()
        let logger = log.logger("hub")
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for index in 0..<200 { logger.info("event", [("thread", "\(thread)"), ("index", "\(index)")]) }
        }
        #expect(log.lines.count == 1_600)
        #expect(log.lines.allSatisfy { $0.range(of: #" info hub: event thread=\d index=\d+$"#, options: .regularExpression) != nil })
    }
}
