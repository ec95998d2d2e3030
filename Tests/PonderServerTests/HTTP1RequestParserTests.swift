import NIOCore
import NIOHTTP1
import PonderBackends
import PonderSim
import Testing

@testable import PonderServer

/// The daemon's request parser on its own: heads as sent, bodies framed by length or in chunks, the
/// same requests however the bytes are split into reads, and the requests it must refuse.
@Suite struct HTTP1RequestParserTests {
    /// What a parser made of some bytes: each request's head and its whole body, or the error it threw.
    struct Parsed: Equatable {
        struct Request: Equatable {
            var method: HTTPMethod
            var uri: String
            var version: HTTPVersion
            var headers: [String]
            var keepAlive: Bool
            var body: String
        }

        var requests: [Request] = []
        var error: HTTP1SyntaxError?
    }

    /// Feeds `reads` one after another and gathers the events into requests.
    static func parse(_ reads: [ByteBuffer]) -> Parsed {
        var parser = HTTP1RequestParser()
        var parsed = Parsed()
        var current: Parsed.Request?
        for read in reads {
            parser.append(read)
            do {
                while let event = try parser.next() {
                    switch event {
                    case .head(let head, _):
                        #expect(current == nil, "a head before the last request ended")
                        current = Parsed.Request(
                            method: head.method, uri: head.uri, version: head.version, headers: head.headers.map { "\($0.name): \($0.value)" },
                            keepAlive: head.isKeepAlive, body: "")
                    case .body(let part):
                        current?.body += String(buffer: part)
                    case .end:
                        if let current { parsed.requests.append(current) }
                        current = nil
                    }
                }
            } catch {
                parsed.error = error
                return parsed
            }
        }
        return parsed
    }

    static func parse(_ text: String) -> Parsed { parse([ByteBuffer(string: text)]) }

    static let pipelined =
        "\r\nGET /healthz HTTP/1.1\r\nHost: ponder\r\n\r\n"
        + "POST /v1/chat/completions HTTP/1.1\r\nHost: ponder\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"b c\"}"
        + "POST /v1/completions HTTP/1.1\r\nHost: ponder\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "4\r\n{\"pr\r\n6;name=value\r\nompt\":\r\n4\r\n\"x\"}\r\n0\r\nChecksum: none\r\n\r\n"
        + "GET /v1/models HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"

    @Test func pipelinedRequestsAreReadOneAfterAnother() {
        let parsed = Self.parse(Self.pipelined)
        #expect(parsed.error == nil)
        #expect(
            parsed.requests == [
                .init(method: .GET, uri: "/healthz", version: .http1_1, headers: ["Host: ponder"], keepAlive: true, body: ""),
                .init(
                    method: .POST, uri: "/v1/chat/completions", version: .http1_1,
                    headers: ["Host: ponder", "Content-Type: application/json", "Content-Length: 11"], keepAlive: true, body: #"{"a":"b c"}"#),
                .init(
                    method: .POST, uri: "/v1/completions", version: .http1_1, headers: ["Host: ponder", "Transfer-Encoding: chunked"],
                    keepAlive: true, body: #"{"prompt":"x"}"#),
                .init(method: .GET, uri: "/v1/models", version: .http1_0, headers: ["Connection: keep-alive"], keepAlive: true, body: ""),
            ])
    }

    @Test func theSameRequestsComeOutHoweverTheBytesAreSplit() {
        let bytes = Array(Self.pipelined.utf8)
        let whole = Self.parse(Self.pipelined)
        for cut in 1..<bytes.count {
            let parsed = Self.parse([ByteBuffer(bytes: bytes[..<cut]), ByteBuffer(bytes: bytes[cut...])])
            #expect(parsed == whole, "split at byte \(cut)")
        }
        #expect(Self.parse(bytes.map { ByteBuffer(bytes: [$0]) }) == whole, "a byte at a time")
    }

    @Test func mangledBytesGiveTheSameOutcomeHoweverTheyAreSplit() {
        // Valid requests with bytes replaced, dropped or doubled: whatever the parser makes of them (the
        // requests before a refusal, and the refusal), it makes the same of them in three reads at random cuts.
        var random = SplitMix64(seed: 20_261_201)
        let alphabet = Array("\r\n :;,0123456789abcdefGETPOSTHTP/1.Content-LengthTransfer-Encodingchunked\u{0}\u{7F}\t".utf8)
        var refusals = 0
        for _ in 0..<2000 {
            var bytes = Array(Self.pipelined.utf8)
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[at] = alphabet.randomElement(using: &random)!
                case 1: bytes.remove(at: at)
                default: bytes.insert(bytes[at], at: at)
                }
            }
            let whole = Self.parse([ByteBuffer(bytes: bytes)])
            var cuts = [Int.random(in: 0...bytes.count, using: &random), Int.random(in: 0...bytes.count, using: &random)]
            cuts.sort()
            let reads = [bytes[..<cuts[0]], bytes[cuts[0]..<cuts[1]], bytes[cuts[1]...]].map { ByteBuffer(bytes: $0) }
            #expect(Self.parse(reads) == whole, "\(String(decoding: bytes, as: UTF8.self).debugDescription) cut at \(cuts)")
            if whole.error != nil { refusals += 1 }
        }
        #expect(refusals > 500, "the mangling reaches the checks: \(refusals) of 2000 refused")
    }

    @Test func headsAreReadAsSent() {
        let parsed = Self.parse("OPTIONS /a?b=c%20d HTTP/1.1\r\nHost:\tp \r\nX-Empty:\r\nConnection: close\r\n\r\n")
        #expect(parsed.error == nil)
        #expect(
            parsed.requests == [
                .init(
                    method: .OPTIONS, uri: "/a?b=c%20d", version: .http1_1, headers: ["Host: p", "X-Empty: ", "Connection: close"],
                    keepAlive: false, body: "")
            ], "values trimmed, Connection: close honoured")
        #expect(Self.parse("PURGE / HTTP/1.0\r\n\r\n").requests.first?.method == .RAW(value: "PURGE"))
        #expect(Self.parse("POST / HTTP/1.1\r\nHost: p\r\nContent-Length: 0\r\n\r\n").requests.first?.body == "", "a zero length ends with the head")
        #expect(
            Self.parse("POST / HTTP/1.1\r\nHost: p\r\nContent-Length: 3, 3\r\n\r\nabc").requests.first?.body == "abc",
            "a list of one length repeated")
    }

    /// Requests that must be refused, each with why.
    static let refused: [(String, String)] = [
        ("not HTTP", "THIS IS NOT HTTP\r\n\r\n"),
        ("HTTP/2.0", "GET / HTTP/2.0\r\n\r\n"),
        ("lowercase version", "GET / http/1.1\r\n\r\n"),
        ("two spaces in the request line", "GET  / HTTP/1.1\r\n\r\n"),
        ("a space in the target", "GET /a b HTTP/1.1\r\n\r\n"),
        ("a control character in the target", "GET /\u{7F} HTTP/1.1\r\n\r\n"),
        ("a separator in the method", "GE(T / HTTP/1.1\r\n\r\n"),
        ("two different lengths", "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef"),
        ("a list of different lengths", "POST / HTTP/1.1\r\nContent-Length: 5, 6\r\n\r\nabcdef"),
        ("a negative length", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"),
        ("a length past any body", "POST / HTTP/1.1\r\nContent-Length: 9999999999999999999999\r\n\r\n"),
        ("a length beside chunked", "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("a coding other than chunked", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"),
        ("a coding before chunked", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"),
        ("chunked twice", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("a coding from HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("a space before the colon", "GET / HTTP/1.1\r\nHost : p\r\n\r\n"),
        ("a folded line", "GET / HTTP/1.1\r\nX-A: b\r\n c\r\n\r\n"),
        ("a NUL in a value", "GET / HTTP/1.1\r\nX-A: b\u{0}c\r\n\r\n"),
        ("a bare CR in a value", "GET / HTTP/1.1\r\nX-A: b\rc\r\n\r\n"),
        ("a malformed chunk size", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
        ("a chunk longer than its size", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n"),
        ("a chunk size past any body", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\n"),
        ("a malformed trailer", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nnot a field\r\n\r\n"),
        // A line break the daemon reads where a proxy in front of it may not: each is a way to smuggle a request.
        ("a bare LF ending a field", "POST / HTTP/1.1\r\nX-A: b\nContent-Length: 3\r\n\r\nabc"),
        ("a bare LF ending the head", "GET / HTTP/1.1\r\nHost: p\r\n\n"),
        ("a bare LF before the request line", "\nGET / HTTP/1.1\r\n\r\n"),
        ("a bare LF ending a chunk size", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\nab\r\n0\r\n\r\n"),
        ("a bare LF after chunk data", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nA\n4f\r\n"),
        ("an extension with a bare LF", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2;\nxx\r\n"),
        ("an extension with a control character", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2;a\u{1}\r\nab\r\n0\r\n\r\n"),
        ("white space after a size with no extension", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2 \r\nab\r\n0\r\n\r\n"),
        ("chunked with parameters", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked;x=1\r\n\r\n0\r\n\r\n"),
        ("a second Host", "GET / HTTP/1.1\r\nhost: q\r\n\r\n"),
    ]

    @Test(arguments: refused)
    func malformedRequestsAreRefusedAndNothingAfterIsRead(why: String, request: String) {
        var parser = HTTP1RequestParser()
        // With a Host field after the first line, so that each is refused for its own fault.
        let withHost = request.replacingOccurrences(of: "\r\n", with: "\r\nHost: p\r\n", options: [], range: request.range(of: "\r\n"))
        parser.append(ByteBuffer(string: withHost))
        var refused = false
        do {
            while try parser.next() != nil {}
        } catch {
            refused = true
        }
        #expect(refused, "\(why)")
        parser.append(ByteBuffer(string: "GET /healthz HTTP/1.1\r\nHost: p\r\n\r\n"))
        #expect((try? parser.next()) == nil, "\(why): bytes after the refusal make no request")
        #expect(!parser.isWithinARequest)
    }

    @Test func anHTTP11RequestNamesItsHostOnce() {
        #expect(Self.parse("GET / HTTP/1.1\r\n\r\n").error != nil, "HTTP/1.1 without Host")
        #expect(Self.parse("GET / HTTP/1.1\r\nHost: a\r\nHOST: b\r\n\r\n").error != nil, "two Host fields")
        #expect(Self.parse("GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n").error != nil, "two Host fields from HTTP/1.0 too")
        #expect(Self.parse("GET / HTTP/1.0\r\n\r\n").requests.count == 1, "HTTP/1.0 may leave it out")
        #expect(Self.parse("GET / HTTP/1.1\r\nhost: a\r\n\r\n").requests.count == 1)
    }

    @Test func theHeadSaysHowLongItsBodyIs() throws {
        func length(_ request: String) throws -> Int?? {
            var parser = HTTP1RequestParser()
            parser.append(ByteBuffer(string: request))
            guard case .head(_, let bodyLength) = try parser.next() else { return .none }
            return .some(bodyLength)
        }
        #expect(try length("POST / HTTP/1.1\r\nHost: p\r\nContent-Length: 5000, 5000\r\n\r\n") == .some(5000), "a list of one length repeated")
        #expect(try length("POST / HTTP/1.1\r\nHost: p\r\nTransfer-Encoding: chunked\r\n\r\n") == .some(nil), "chunked: not known")
        #expect(try length("GET / HTTP/1.1\r\nHost: p\r\n\r\n") == .some(0))
    }

    @Test func aHeadPastTheLimitIsRefusedBeforeItEnds() throws {
        let start = "POST / HTTP/1.1\r\nHost: p\r\nAuthorization: Bearer "
        var parser = HTTP1RequestParser()
        parser.append(ByteBuffer(string: start + String(repeating: "A", count: HTTP1RequestParser.headLimit - start.utf8.count)))
        #expect(try parser.next() == nil, "at the limit with no end yet: waiting")
        parser.append(ByteBuffer(string: "A"))
        #expect(throws: HTTP1SyntaxError.self, "one byte past the limit") { try parser.next() }

        let fits = start + String(repeating: "A", count: HTTP1RequestParser.headLimit - start.utf8.count - 4) + "\r\n\r\n"
        #expect(Self.parse(fits).requests.count == 1, "a head of exactly the limit is read")
    }

    @Test func aChunkLineThatNeverEndsIsRefused() throws {
        var parser = HTTP1RequestParser()
        parser.append(ByteBuffer(string: "POST / HTTP/1.1\r\nHost: p\r\nTransfer-Encoding: chunked\r\n\r\n1;"))
        guard case .head = try parser.next() else { Issue.record("no head"); return }
        #expect(try parser.next() == nil, "the chunk line has not ended")
        parser.append(ByteBuffer(string: String(repeating: "x", count: HTTP1BodyReader.chunkLineLimit + 8)))
        #expect(throws: HTTP1SyntaxError.self) { try parser.next() }
    }

    @Test func itKnowsWhenItIsPartWayThroughARequest() throws {
        var parser = HTTP1RequestParser()
        #expect(!parser.isWithinARequest)
        parser.append(ByteBuffer(string: "POST / HTTP/1.1\r\nHost: p\r\nContent-"))
        #expect(try parser.next() == nil)
        #expect(parser.isWithinARequest, "half a head")
        parser.append(ByteBuffer(string: "Length: 2\r\n\r\na"))
        guard case .head = try parser.next() else { Issue.record("no head"); return }
        guard case .body = try parser.next() else { Issue.record("no body"); return }
        #expect(try parser.next() == nil)
        #expect(parser.isWithinARequest, "half a body")
        parser.append(ByteBuffer(string: "b"))
        guard case .body = try parser.next(), case .end = try parser.next() else { Issue.record("no end"); return }
        #expect(!parser.isWithinARequest)
    }

    @Test func aBodyReadInOnePieceIsASliceOfTheRead() throws {
        var parser = HTTP1RequestParser()
        var read = ByteBufferAllocator().buffer(capacity: 256)
        read.writeString("POST / HTTP/1.1\r\nHost: p\r\nContent-Length: 5\r\n\r\nhello")
        parser.append(read)
        _ = try parser.next()
        guard case .body(let body) = try parser.next() else { Issue.record("no body"); return }
        let sameMemory = read.withUnsafeReadableBytes { whole in
            body.withUnsafeReadableBytes { part in part.baseAddress == whole.baseAddress! + (whole.count - 5) }
        }
        #expect(sameMemory, "no copy of a body that came whole")
    }
}
