import NIOCore
import Testing

@testable import PonderBackends

@Suite struct ServerSentEventParserTests {
    let stream = "data: {\"a\":1}\n\n: keep-alive comment\n\nevent: x\ndata: {\"b\":\ndata: 2}\n\ndata: [DONE]\n\n"
    let expected = ["{\"a\":1}", "{\"b\":\n2}", "[DONE]"]

    func parse(_ chunks: [String]) -> [String] {
        var parser = ServerSentEventParser()
        var events: [String] = []
        for chunk in chunks {
            parser.append(ByteBuffer(string: chunk))
            while let data = parser.nextEventData() { events.append(String(buffer: data)) }
        }
        if let rest = parser.finish() { events.append(String(buffer: rest)) }
        return events
    }

    @Test func wholeStream() {
        #expect(parse([stream]) == expected)
    }

    @Test func everySplitPointGivesTheSameEvents() {
        let bytes = Array(stream)
        for cut in 1..<bytes.count {
            #expect(parse([String(bytes[..<cut]), String(bytes[cut...])]) == expected, "split at \(cut)")
        }
    }

    @Test func oneByteAtATime() {
        #expect(parse(stream.map { String($0) }) == expected)
    }

    @Test func carriageReturnLineEnds() {
        let crlf = stream.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(parse([crlf]) == expected)
        #expect(parse(crlf.map { String($0) }) == expected)
    }

    @Test func trailingEventWithoutBlankLine() {
        #expect(parse(["data: {\"a\":1}\n\ndata: tail"]) == ["{\"a\":1}", "tail"])
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
