import Logging
import Synchronization
import Testing

@testable import PonderServer

@Suite struct DaemonLogHandlerTests {
    final class Lines: Sendable {
        let all = Mutex<[String]>([])
    }

    func logger(_ lines: Lines, level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "ponder-serve") { label in DaemonLogHandler(label: label) { line in lines.all.withLock { $0.append(line) } } }
        logger.logLevel = level
        return logger
    }

    @Test func aLineCarriesTimeLevelLabelSortedMetadataSourceAndMessage() throws {
        let lines = Lines()
        var logger = logger(lines)
        logger[metadataKey: "request_id"] = "req-1"
        logger.info("request", metadata: ["status": "200", "duration_ms": "3"], source: "PonderServer")
        let line = try #require(lines.all.withLock { $0 }.first)
        let pattern = #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} info ponder-serve: duration_ms=3 request_id=req-1 status=200 \[PonderServer\] request\n$/#
        #expect(line.wholeMatch(of: pattern) != nil, "\(line)")
    }

    @Test func anEventsOwnMetadataWinsAndAnErrorIsNamed() throws {
        struct Failure: Error, CustomStringConvertible { var description: String { "upstream closed" } }
        let lines = Lines()
        var logger = logger(lines)
        logger[metadataKey: "status"] = "200"
        logger.warning("request", error: Failure(), metadata: ["status": "502"])
        let line = try #require(lines.all.withLock { $0 }.first)
        #expect(line.contains(" warning ponder-serve: error=upstream closed status=502 ["), "\(line)")
    }

    @Test func nothingIsWrittenBelowTheLevel() {
        let lines = Lines()
        var logger = logger(lines, level: .warning)
        logger[metadataKey: "request_id"] = "req-2"
        logger.info("request")
        logger.debug("detail")
        #expect(lines.all.withLock { $0 }.isEmpty)
    }
}
