import NIOCore
import Testing

@testable import PonderBackends

/// The lean client's HTTP/1.x response parser, on bytes alone: framing, reuse, limits, refusals, and the
/// same result however the bytes are split across reads.
@Suite struct LeanResponseParserTests {
    typealias Response = LeanResponseParser.Response

    /// Feeds `text` as one read per piece; the response once complete.
    static func parse(
        _ pieces: [String], limit: Int = 1 << 20, head: Bool = false, closeAfter: Bool = false
    ) throws(LeanHTTPError) -> Response? {
        var parser = LeanResponseParser(bodyLimit: limit, requestHadNoBody: head)
        for piece in pieces {
            if let response = try parser.consume(ByteBuffer(string: piece)) { return response }
        }
        return closeAfter ? parser.connectionClosed() : nil
    }

    static func parse(_ text: String, limit: Int = 1 << 20, head: Bool = false, closeAfter: Bool = false) throws(LeanHTTPError) -> Response? {
        try parse([text], limit: limit, head: head, closeAfter: closeAfter)
    }

    /// Every way of cutting `text` in two, and one byte per read.
    static func splits(_ text: String) -> [[String]] {
        let bytes = Array(text.utf8)
        var result = (1..<bytes.count).map { cut in
            [String(decoding: bytes[..<cut], as: UTF8.self), String(decoding: bytes[cut...], as: UTF8.self)]
        }
        result.append(bytes.map { String(decoding: [$0], as: UTF8.self) })
        return result
    }

    static func body(_ response: Response?) -> String? { response.map { String(buffer: $0.body) } }

    static let plain = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\": true}"
    static let chunked =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Id: 7\r\n\r\n5;name=value\r\nhello\r\n1A\r\n, and twenty-six bytes mor\r\n0\r\nX-Trailer: yes\r\n\r\n"

    @Test func aLengthFramedResponseInOneReadIsASliceOfIt() throws {
        let response = try #require(try Self.parse(Self.plain))
        #expect(response.head.status == 200)
        #expect(Self.body(response) == #"{"a": true}"#)
        #expect(response.reusable)
        let headers = LeanResponse(head: response.head, body: response.body).headers
        #expect(headers.first(name: "content-type") == "application/json")
        #expect(headers.first(name: "Content-Length") == "11")
    }

    static let bareLineFeeds = "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n"

    @Test func everySplitOfTheBytesGivesTheSameResponse() throws {
        for text in [Self.plain, Self.chunked, Self.bareLineFeeds] {
            let whole = try #require(try Self.parse(text))
            for pieces in Self.splits(text) {
                let response = try #require(try Self.parse(pieces), "split \(pieces.map(\.utf8.count))")
                #expect(response.head == whole.head)
                #expect(Self.body(response) == Self.body(whole))
                #expect(response.reusable == whole.reusable)
            }
        }
    }

    @Test func chunkedBodiesAreJoinedAndTheirExtensionsAndTrailersSkipped() throws {
        let response = try #require(try Self.parse(Self.chunked))
        #expect(Self.body(response) == "hello, and twenty-six bytes mor")
        #expect(response.reusable)
        #expect(LeanResponse(head: response.head, body: response.body).headers.first(name: "X-Id") == "7")
    }

    @Test func anIncompleteResponseWaitsForMore() throws {
        #expect(try Self.parse(String(Self.plain.dropLast())) == nil)
        #expect(try Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n") == nil)
        #expect(try Self.parse(String(Self.chunked.dropLast(2))) == nil)
    }

    @Test func valuesMayHoldTabsAndNonASCIIBytes() throws {
        let response = try #require(try Self.parse("HTTP/1.1 200 OK\r\nX-Note: caf\u{E9}\tdone\r\nContent-Length: 0\r\n\r\n"))
        #expect(LeanResponse(head: response.head, body: response.body).headers.first(name: "x-note") == "caf\u{E9}\tdone")
    }

    @Test func bareLineFeedsAreAccepted() throws {
        let response = try #require(try Self.parse("HTTP/1.1 201 Created\nContent-Length: 2\n\nok"))
        #expect(response.head.status == 201)
        #expect(Self.body(response) == "ok")
    }

    @Test func interimResponsesAreSkipped() throws {
        let text = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + Self.plain
        for pieces in [[text]] + Self.splits(text) {
            let response = try #require(try Self.parse(pieces))
            #expect(response.head.status == 200)
            #expect(Self.body(response) == #"{"a": true}"#)
        }
    }

    @Test func responsesWithoutABodyEndAtTheirHead() throws {
        for (head, reusable) in [
            ("HTTP/1.1 204 No Content\r\n", true), ("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n", true),
            // A 204 that announces a body may send it: the connection is not trusted with another call.
            ("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n", false), ("HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n", false),
        ] {
            let response = try #require(try Self.parse(head + "\r\n"))
            #expect(response.head.framing == .none)
            #expect(response.body.readableBytes == 0)
            #expect(response.reusable == reusable, "\(head)")
        }
        let head = try #require(try Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", head: true))
        #expect(head.body.readableBytes == 0)
        #expect(head.reusable)
    }

    @Test func aBodyWithoutFramingRunsToTheCloseAndTheConnectionIsNotReused() throws {
        #expect(try Self.parse(["HTTP/1.0 200 OK\r\n\r\nhello ", "world"]) == nil)
        let response = try #require(try Self.parse(["HTTP/1.0 200 OK\r\n\r\nhello ", "world"], closeAfter: true))
        #expect(Self.body(response) == "hello world")
        #expect(!response.reusable)
        var parser = LeanResponseParser(bodyLimit: 100, requestHadNoBody: false)
        _ = try parser.consume(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel"))
        #expect(parser.connectionClosed() == nil, "a length-framed body cut short is not a response")
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true),
        ("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false),
        ("HTTP/1.1 200 OK\r\nConnection: upgrade, CLOSE\r\nContent-Length: 0\r\n\r\n", false),
        ("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false),
        ("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n", true),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n", false),
        ("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\n", false),
        ("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", false),
    ])
    func reuseFollowsTheVersionTheConnectionHeaderAndWhatFollows(text: String, reusable: Bool) throws {
        let response = try #require(try Self.parse(text))
        #expect(response.reusable == reusable)
    }

    @Test func repeatedEqualLengthsAreOneLength() throws {
        let response = try #require(try Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\ncontent-length: 2\r\n\r\nok"))
        #expect(Self.body(response) == "ok")
    }

    @Test func aTransferCodingOtherThanChunkedLastReadsToTheClose() throws {
        let response = try #require(try Self.parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nabc", closeAfter: true))
        #expect(response.head.framing == .untilClose)
        #expect(Self.body(response) == "abc")
    }

    @Test(arguments: [
        "HTTP/2 200 OK\r\n\r\n",
        "HTTP/1.1 20 OK\r\n\r\n",
        "HTTP/1.1 2000 OK\r\n\r\n",
        "http/1.1 200 OK\r\n\r\n",
        "SSH-2.0-OpenSSH_9.6\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nContent-Length: -2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX Bad: 1\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-Bare-CR: a\rContent-Length: 9\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-Nul: a\u{0}b\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1234567890123456789\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2 zz\r\nab\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: foo chunked\r\n\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: \r\n\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nnot a trailer field\r\n\r\n",
        String(repeating: "HTTP/1.1 100 Continue\r\n\r\n", count: 9) + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
    ])
    func malformedResponsesAreRefused(text: String) {
        #expect(throws: LeanHTTPError.self) { _ = try Self.parse(text) }
    }

    @Test func bodiesPastTheLimitAreRefusedAsEarlyAsTheFramingTells() throws {
        // By the declared length, before any body byte arrives.
        #expect(throws: LeanHTTPError.responseTooLarge(limit: 10)) {
            _ = try Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n", limit: 10)
        }
        // By a chunk's declared size, and by chunks adding up.
        #expect(throws: LeanHTTPError.responseTooLarge(limit: 10)) {
            _ = try Self.parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nb\r\n", limit: 10)
        }
        #expect(throws: LeanHTTPError.responseTooLarge(limit: 10)) {
            _ = try Self.parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\n", limit: 10)
        }
        // By the bytes, when only the close ends the body.
        #expect(throws: LeanHTTPError.responseTooLarge(limit: 10)) {
            _ = try Self.parse(["HTTP/1.1 200 OK\r\n\r\nabcdef", "ghijkl"], limit: 10)
        }
        let exact = try #require(try Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", limit: 10))
        #expect(exact.body.readableBytes == 10)
    }

    @Test func limitsHoldAtTheirEdges() throws {
        // Eighteen digits is a length (here past the body limit); nineteen is refused above, unread.
        #expect(throws: LeanHTTPError.responseTooLarge(limit: 10)) {
            _ = try Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 123456789012345678\r\n\r\n", limit: 10)
        }
        // Leading zeros are not significant digits; fifteen significant hex digits is a size.
        let padded = try #require(try Self.parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n00000000000000002 ;x=y\r\nab\r\n0\r\n\r\n"))
        #expect(Self.body(padded) == "ab")
        #expect(throws: LeanHTTPError.responseTooLarge(limit: 10)) {
            _ = try Self.parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100000000000000\r\n", limit: 10)
        }
        // Bodies exactly at the limit, chunked and framed by the close.
        let chunked = try #require(try Self.parse(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n", "4\r\nghij\r\n0\r\n\r\n"], limit: 10))
        #expect(chunked.body.readableBytes == 10)
        let closed = try #require(try Self.parse(["HTTP/1.1 200 OK\r\n\r\nabcdef", "ghij"], limit: 10, closeAfter: true))
        #expect(closed.body.readableBytes == 10)
        // Eight interim responses are skipped; the ninth is one too many (`malformedResponsesAreRefused`).
        let interim = String(repeating: "HTTP/1.1 100 Continue\r\n\r\n", count: 8) + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
        #expect(try Self.parse(interim)?.head.status == 200)
        // A head of exactly 64 KiB is read; one byte more is refused.
        let start = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Pad: "
        let pad = String(repeating: "p", count: LeanResponseParser.headLimit - start.utf8.count - 4)
        #expect(try Self.parse(start + pad + "\r\n\r\n")?.head.status == 200)
        #expect(throws: LeanHTTPError.self) { _ = try Self.parse(start + pad + "p\r\n\r\n") }
    }

    @Test func aCloseInTheMiddleOfAChunkedBodyIsNoResponse() throws {
        for partial in ["3\r\nab", "3\r", "3\r\nabc\r\n0\r\nX-T: 1\r\n"] {
            var parser = LeanResponseParser(bodyLimit: 100, requestHadNoBody: false)
            #expect(try parser.consume(ByteBuffer(string: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + partial)) == nil)
            #expect(parser.connectionClosed() == nil, "\(partial.debugDescription)")
        }
    }

    @Test func aLongTrailerLineDribbledAByteAtATimeIsRead() throws {
        var parser = LeanResponseParser(bodyLimit: 100, requestHadNoBody: false)
        #expect(try parser.consume(ByteBuffer(string: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-Long: ")) == nil)
        for _ in 0..<30_000 { #expect(try parser.consume(ByteBuffer(string: "t")) == nil) }
        let response = try #require(try parser.consume(ByteBuffer(string: "\r\n\r\n")))
        #expect(Self.body(response) == "ok")
    }

    @Test func endlessHeadsAndChunkLinesAreCut() {
        var parser = LeanResponseParser(bodyLimit: 1 << 20, requestHadNoBody: false)
        #expect(throws: LeanHTTPError.self) {
            _ = try parser.consume(ByteBuffer(string: "HTTP/1.1 200 OK\r\n"))
            for _ in 0..<2_000 { _ = try parser.consume(ByteBuffer(string: "X-Padding: " + String(repeating: "p", count: 40) + "\r\n")) }
        }
        var chunks = LeanResponseParser(bodyLimit: 1 << 20, requestHadNoBody: false)
        #expect(throws: LeanHTTPError.self) {
            _ = try chunks.consume(ByteBuffer(string: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;"))
            for _ in 0..<200 { _ = try chunks.consume(ByteBuffer(string: String(repeating: "e", count: 100))) }
        }
    }

    @Test func theParserIsReadyForTheNextResponseOnTheConnection() throws {
        var parser = LeanResponseParser(bodyLimit: 1 << 20, requestHadNoBody: false)
        for text in [Self.plain, Self.chunked, Self.plain] {
            let response = try #require(try parser.consume(ByteBuffer(string: text)))
            #expect(response.head.status == 200)
            #expect(response.reusable)
        }
    }
}
