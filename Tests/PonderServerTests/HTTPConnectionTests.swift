import PonderEngine
import PonderSim
@testable import PonderServer
import Testing

/// The daemon's HTTP/1.1 connections, seen byte by byte: interim responses, pipelining, closes,
/// malformed requests, and a client that leaves while its search runs.
@Suite struct HTTPConnectionTests {
    private let chatBody = #"{"model":"sim-reasoner","messages":[{"role":"user","content":"Start with 4. Add 3. What is the result?"}]}"#

    private func chatHead(length: Int, extra: String = "") -> String {
        "POST /v1/chat/completions HTTP/1.1\r\nHost: ponder\r\nContent-Type: application/json\r\nContent-Length: \(length)\r\n\(extra)\r\n"
    }

    @Test func expectContinueIsAnsweredBeforeTheBodyIsSent() async throws {
        try await DaemonHarness.withSim { daemon, _ in
            let connection = try await RawConnection.open(port: daemon.server.port)
            try await connection.send(chatHead(length: chatBody.utf8.count, extra: "Expect: 100-continue\r\n"))
            #expect(try await connection.wait { text, _ in text.contains("HTTP/1.1 100 Continue\r\n\r\n") })
            #expect(!connection.received.contains("200 OK"), "only the interim response before the body")
            try await connection.send(chatBody)
            #expect(try await connection.wait { text, _ in text.completeResponses.count == 1 })
            let response = try #require(connection.received.completeResponses.first)
            #expect(response.head.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(response.body.contains("\"finish_reason\":\"stop\""))
            await connection.close()
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await DaemonHarness.withSim { daemon, _ in
            let connection = try await RawConnection.open(port: daemon.server.port)
            try await connection.send(
                chatHead(length: chatBody.utf8.count) + chatBody
                    + "GET /healthz HTTP/1.1\r\nHost: ponder\r\n\r\nGET /v1/models HTTP/1.1\r\nHost: ponder\r\n\r\n")
            // Key order in JSON bodies may differ from run to run: each response is framed by its length.
            #expect(try await connection.wait { text, _ in text.completeResponses.count == 3 }, "\(connection.received)")
            let responses = connection.received.completeResponses
            #expect(responses.map { $0.head.hasPrefix("HTTP/1.1 200 OK\r\n") } == [true, true, true])
            #expect(responses.first?.body.contains("\"chat.completion\"") == true)
            #expect(responses.dropFirst().first?.body == "{\"status\":\"ok\"}")
            #expect(responses.last?.body.contains("\"object\":\"list\"") == true)
            #expect(!connection.isClosed, "the connection stays open for more")
            await connection.close()
        }
    }

    @Test func moreRequestsThanTheConnectionHoldsAreAllAnsweredInOrder() async throws {
        // Beyond `PipelinedRequests.limit` the connection stops reading, then reads on as answers go out.
        // About 200 KB in all: more than one read takes from the socket, so reading must resume.
        let count = PipelinedRequests.limit * 10 + 1
        let paddedBody = chatBody + String(repeating: " ", count: 20_000)
        try await DaemonHarness.withSim { daemon, _ in
            let connection = try await RawConnection.open(port: daemon.server.port)
            let requests = (0..<count).map { index in
                index % 2 == 0 ? chatHead(length: paddedBody.utf8.count) + paddedBody : "GET /healthz HTTP/1.1\r\nHost: ponder\r\n\r\n"
            }
            try await connection.send(requests.joined())
            let statusLines = count
            #expect(try await connection.wait(seconds: 30) { text, _ in text.components(separatedBy: "HTTP/1.1 200 OK\r\n").count > statusLines })
            #expect(try await connection.wait { text, _ in text.completeResponses.count == count }, "\(connection.received)")
            let bodies = connection.received.completeResponses.map(\.body)
            #expect(bodies.count == count)
            for (index, body) in bodies.enumerated() {
                #expect(body.contains(index % 2 == 0 ? "\"chat.completion\"" : "\"status\":\"ok\""), "answer \(index): \(body)")
            }
            let reply = try await daemon.send("/healthz")
            #expect(reply.status == 200)
            await connection.close()
        }
    }

    @Test func aStreamIsFramedInChunksAndTheConnectionStaysOpen() async throws {
        try await DaemonHarness.withSim { daemon, _ in
            let body = #"{"model":"best-of-4/sim-reasoner","stream":true,"messages":[{"role":"user","content":"Start with 4. Add 3. What is the result?"}]}"#
            let connection = try await RawConnection.open(port: daemon.server.port)
            try await connection.send(chatHead(length: body.utf8.count) + body)
            #expect(try await connection.wait(seconds: 20) { text, _ in text.hasSuffix("\r\n0\r\n\r\n") }, "\(connection.received)")
            let received = connection.received
            let headEnd = try #require(received.range(of: "\r\n\r\n"))
            #expect(received[..<headEnd.lowerBound].lowercased().contains("\r\ntransfer-encoding: chunked"))
            // Undo the framing: each chunk is its length in hex, CRLF, the bytes, CRLF; a zero length ends it.
            var rest = Substring(received[headEnd.upperBound...]).utf8
            var events = ""
            while let lineEnd = rest.firstRange(of: "\r\n".utf8), let length = Int(String(Substring(rest[..<lineEnd.lowerBound])), radix: 16) {
                if length == 0 { break }
                let data = rest[lineEnd.upperBound...].prefix(length)
                #expect(data.count == length)
                events += String(Substring(data))
                rest = rest[lineEnd.upperBound...].dropFirst(length + 2)
            }
            #expect(events.hasPrefix("data: {"))
            #expect(events.hasSuffix("data: [DONE]\n\n"))
            #expect(!connection.isClosed, "the end of the stream is its last chunk, not a close")
            await connection.close()
        }
    }

    @Test func anAnswerToHEADHasNoBodySoTheNextAnswerFollowsItsHead() async throws {
        // With a key required, HEAD gets the 401 whose GET would carry a JSON body.
        try await DaemonHarness.withSim(configure: { $0.clientKeys = [ServerSection.ClientKey(name: "c", key: "sk-test")] }) { daemon, _ in
            for target in ["/v1/models", "/nonexistent"] {
                let connection = try await RawConnection.open(port: daemon.server.port)
                try await connection.send("HEAD \(target) HTTP/1.1\r\nHost: p\r\n\r\nGET /healthz HTTP/1.1\r\nHost: p\r\n\r\n")
                #expect(try await connection.wait { text, _ in text.hasSuffix("{\"status\":\"ok\"}") }, "\(connection.received)")
                let received = connection.received
                let headEnd = try #require(received.range(of: "\r\n\r\n"))
                #expect(received.hasPrefix("HTTP/1.1 401 "), "\(received)")
                #expect(received[..<headEnd.lowerBound].lowercased().contains("\r\ncontent-length: "), "the length a GET would get")
                #expect(received[headEnd.upperBound...].hasPrefix("HTTP/1.1 200 OK\r\n"), "HEAD \(target): \(received)")
                await connection.close()
            }
        }
    }

    @Test func connectionCloseAndHTTP10AreAnsweredThenClosed() async throws {
        try await DaemonHarness.withSim { daemon, _ in
            let closing = try await RawConnection.open(port: daemon.server.port)
            try await closing.send("GET /healthz HTTP/1.1\r\nHost: ponder\r\nConnection: close\r\n\r\n")
            #expect(try await closing.wait { _, closed in closed }, "closed after the response")
            #expect(closing.received.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(closing.received.lowercased().contains("\r\nconnection: close\r\n"))
            #expect(closing.received.hasSuffix("{\"status\":\"ok\"}"))

            let old = try await RawConnection.open(port: daemon.server.port)
            try await old.send("GET /healthz HTTP/1.0\r\n\r\n")
            #expect(try await old.wait { _, closed in closed }, "HTTP/1.0 without keep-alive: closed after the response")
            #expect(old.received.hasPrefix("HTTP/1.0 200 OK\r\n"))
            #expect(old.received.hasSuffix("{\"status\":\"ok\"}"))
        }
    }

    @Test func everyResponseIsDated() async throws {
        #expect(HTTPDate.format(secondsSince1970: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(secondsSince1970: 1_795_977_573) == "Sun, 29 Nov 2026 18:39:33 GMT")
        try await DaemonHarness.withSim { daemon, _ in
            let reply = try await daemon.send("/healthz")
            let date = try #require(reply.headers.first { $0.0.lowercased() == "date" }?.1)
            #expect(date.count == 29 && date.hasSuffix(" GMT"), "\(date)")
        }
    }

    @Test func aMalformedRequestGets400AndTheConnectionCloses() async throws {
        try await DaemonHarness.withSim { daemon, _ in
            let connection = try await RawConnection.open(port: daemon.server.port)
            try await connection.send("THIS IS NOT HTTP\r\n\r\n")
            #expect(try await connection.wait { _, closed in closed })
            #expect(connection.received.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(connection.received)")
            let reply = try await daemon.send("/healthz")
            #expect(reply.status == 200, "the daemon serves on")
        }
    }

    @Test func aChunkedBodyIsReadHoweverItArrives() async throws {
        try await DaemonHarness.withSim { daemon, _ in
            var request = "POST /v1/chat/completions HTTP/1.1\r\nHost: ponder\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            for piece in chatBody.split(every: 7) { request += String(piece.utf8.count, radix: 16) + ";piece\r\n" + piece + "\r\n" }
            request += "0\r\nX-Checksum: none\r\n\r\n"
            let connection = try await RawConnection.open(port: daemon.server.port)
            for part in request.split(every: 5) { try await connection.send(part) }
            #expect(try await connection.wait { text, _ in text.completeResponses.count == 1 }, "\(connection.received)")
            let response = try #require(connection.received.completeResponses.first)
            #expect(response.head.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(response.body.contains("\"finish_reason\":\"stop\""))
            try await connection.send("GET /healthz HTTP/1.1\r\nHost: ponder\r\n\r\n")
            #expect(try await connection.wait { text, _ in text.completeResponses.count == 2 }, "the connection reads on after the chunked body")
            await connection.close()
        }
    }

    @Test func aRequestFramedTwoWaysIsRefusedAndReachesNoBackend() async throws {
        // A length beside chunked framing is how one request is smuggled inside another: neither is chosen.
        try await DaemonHarness.withSim { daemon, sim in
            let chunked = String(chatBody.utf8.count, radix: 16) + "\r\n" + chatBody + "\r\n0\r\n\r\n"
            let connection = try await RawConnection.open(port: daemon.server.port)
            try await connection.send(chatHead(length: chunked.utf8.count, extra: "Transfer-Encoding: chunked\r\n") + chunked)
            #expect(try await connection.wait { _, closed in closed })
            #expect(connection.received.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(connection.received)")
            #expect(sim.stats().modelRequests == 0)
            #expect(try await daemon.send("/healthz").status == 200, "the daemon serves on")
        }
    }

    /// Heads the parser gives up on before the request is over: one past its 64 KiB limit (the body is
    /// still to come), and a request line naming HTTP/2.0.
    static let unparseableHeads = [
        "POST /v1/chat/completions HTTP/1.1\r\nHost: ponder\r\nAuthorization: Bearer \(String(repeating: "A", count: 100_000))\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(1 << 20)\r\n\r\n",
        "POST /v1/chat/completions HTTP/2.0\r\nHost: ponder\r\nContent-Length: \(1 << 20)\r\n\r\n",
    ]

    @Test(arguments: unparseableHeads)
    func afterA400TheServerReadsOnUntilTheClientHasSentItsRequest(head: String) async throws {
        // Closing at once would reset the connection (bytes unread, or bytes arriving on a closed socket),
        // and a reset can erase the 400 before the client reads it (RFC 9112, section 9.6). The daemon
        // closes in stages: the 400, then its sending side, then it reads and drops what the client
        // still sends. A long linger here, so that a loaded machine does not reach it (the client's close
        // ends it at once).
        try await DaemonHarness.withSim(configure: { $0.badRequestLinger = .seconds(60) }) { daemon, _ in
            let connection = try await RawConnection.open(port: daemon.server.port, followsServerClose: false)
            try await connection.send(head)
            #expect(try await connection.wait(seconds: 30) { text, _ in !text.completeResponses.isEmpty })
            #expect(connection.received.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(connection.received.prefix(200))")
            #expect(try await connection.wait(seconds: 30) { _, closed in closed }, "the daemon's sending side ends after the 400")
            let part = String(repeating: " ", count: 256 << 10)
            for index in 0..<4 {
                try await Task.sleep(for: .milliseconds(50))
                await #expect(throws: Never.self, "part \(index) of the body is taken, not reset") { try await connection.send(part) }
            }
            await connection.close()
            #expect(try await daemon.send("/healthz").status == 200, "the daemon serves on")
        }
    }

    @Test func aBadRequestLateInAnIdleSpellStillGetsItsLinger() async throws {
        // The connection has been idle for half its idle limit (4 s) when the unparseable bytes come; the
        // linger (60 s here) then bounds it, not what was left of the idle limit. (Wide margins: the
        // bytes must be read before the idle limit would pass, however loaded the machine.)
        try await DaemonHarness.withSim(configure: {
            $0.idleTimeout = .seconds(4)
            $0.badRequestLinger = .seconds(60)
        }) { daemon, _ in
            let connection = try await RawConnection.open(port: daemon.server.port, followsServerClose: false)
            try await connection.send("GET /healthz HTTP/1.1\r\nHost: ponder\r\n\r\n")
            #expect(try await connection.wait { text, _ in text.completeResponses.count == 1 })
            try await Task.sleep(for: .seconds(2))
            try await connection.send("GARBAGE\r\n\r\n")
            #expect(try await connection.wait { text, _ in text.completeResponses.count == 2 })
            #expect(connection.received.completeResponses.last?.head.hasPrefix("HTTP/1.1 400 Bad Request\r\n") == true)
            let part = String(repeating: " ", count: 64 << 10)
            for index in 0..<14 {
                try await Task.sleep(for: .milliseconds(250))
                await #expect(throws: Never.self, "part \(index), sent after the idle limit would have passed, is taken") {
                    try await connection.send(part)
                }
            }
            await connection.close()
        }
    }

    @Test func aClientThatNeverFinishesItsRequestIsClosedAfterTheLinger() async throws {
        try await DaemonHarness.withSim(configure: { $0.badRequestLinger = .seconds(2) }) { daemon, _ in
            let connection = try await RawConnection.open(port: daemon.server.port, followsServerClose: false)
            // Timed from before the head is sent: the daemon cannot have started lingering earlier, so
            // however late this task runs on a loaded machine, a close before 2 s would be too early.
            let started = ContinuousClock.now
            try await connection.send(Self.unparseableHeads[0])
            #expect(try await connection.wait(seconds: 30) { text, _ in !text.completeResponses.isEmpty })
            #expect(connection.received.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
            let part = String(repeating: " ", count: 64 << 10)
            var refusedAfter: Duration?
            while ContinuousClock.now - started < .seconds(60), refusedAfter == nil {
                do { try await connection.send(part) } catch { refusedAfter = ContinuousClock.now - started }
                try await Task.sleep(for: .milliseconds(20))
            }
            let elapsed = try #require(refusedAfter, "a client still sending after the linger is cut off")
            #expect(elapsed >= .milliseconds(1950), "it lingered first: \(elapsed)")
        }
    }

    @Test func aClientThatLeavesBeforeTheAnswerCancelsItsSearch() async throws {
        // 300 tokens/s: an MCTS search takes many seconds; the client waits for the first backend calls,
        // then closes the connection without reading anything.
        try await DaemonHarness.withSim(SimConfiguration(tokensPerSecond: 300)) { daemon, sim in
            let question = SimProblemGenerator.generate(count: 1, seed: 9, difficulty: .level(5))[0].question
            let body = #"{"model":"mcts-q/sim-reasoner","messages":[{"role":"user","content":"\#(question)"}]}"#
            let connection = try await RawConnection.open(port: daemon.server.port)
            try await connection.send(chatHead(length: body.utf8.count) + body)
            var started = false
            for _ in 0..<500 where !started {
                try await Task.sleep(for: .milliseconds(10))
                started = sim.stats().modelRequests >= 2
            }
            #expect(started, "the search reached the backend")
            await connection.close()
            try await Task.sleep(for: .milliseconds(1500))
            let settled = sim.stats().modelRequests
            try await Task.sleep(for: .seconds(2))
            let later = sim.stats().modelRequests
            #expect(later == settled, "no further backend calls after the client left (\(settled) → \(later))")
            #expect(settled < 40, "the search stopped early: \(settled) calls")
            #expect(connection.received.isEmpty, "nothing was answered")
        }
    }

    /// Short limits, so the tests see them act.
    private static func shortTimeouts(_ configuration: inout ServerConfiguration) {
        configuration.requestReadTimeout = .seconds(1)
        configuration.idleTimeout = .seconds(1)
    }

    @Test func aRequestTrickledInTooSlowlyLosesItsConnection() async throws {
        // The idle limit is far away: the request's own limit must act, from its first byte.
        try await DaemonHarness.withSim(configure: { Self.shortTimeouts(&$0); $0.idleTimeout = .seconds(60) }) { daemon, _ in
            let started = ContinuousClock.now
            let connection = try await RawConnection.open(port: daemon.server.port, sending: "POST /v1/chat/completions HTTP/1.1\r\nHost: ponder\r\n")
            // A header byte every 50 ms: never idle, never finished.
            let trickle = Task {
                for _ in 0..<200 {
                    try await connection.send("X")
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            #expect(try await connection.wait(seconds: 5) { _, closed in closed }, "cut off")
            trickle.cancel()
            #expect(ContinuousClock.now - started >= .milliseconds(950), "not before the limit")
            #expect(connection.received.isEmpty)
        }
    }

    @Test func theRequestLimitCountsFromTheFirstByteNotFromTheHead() async throws {
        // Head in pieces over 0.8 s, then the body over 0.6 s more: 1.4 s in all against a 1 s limit.
        // Counting from the complete head would let it through.
        try await DaemonHarness.withSim(configure: { Self.shortTimeouts(&$0); $0.idleTimeout = .seconds(60) }) { daemon, _ in
            let connection = try await RawConnection.open(port: daemon.server.port, sending: "POST /v1/chat/completions HTTP/1.1\r\n")
            let sender = Task {
                for line in ["Host: ponder\r\n", "Content-Type: application/json\r\n", "Content-Length: \(chatBody.utf8.count)\r\n", "\r\n"] {
                    try await Task.sleep(for: .milliseconds(200))
                    try await connection.send(line)
                }
                for piece in chatBody.split(every: chatBody.utf8.count / 6 + 1) {
                    try await Task.sleep(for: .milliseconds(100))
                    try await connection.send(piece)
                }
            }
            #expect(try await connection.wait(seconds: 10) { _, closed in closed }, "cut off")
            _ = await sender.result
            #expect(connection.received.isEmpty, "no answer: \(connection.received)")
        }
    }

    @Test func anIdleKeptAliveConnectionIsClosed() async throws {
        try await DaemonHarness.withSim(configure: Self.shortTimeouts) { daemon, _ in
            let opened = ContinuousClock.now
            let connection = try await RawConnection.open(port: daemon.server.port, sending: "GET /healthz HTTP/1.1\r\nHost: ponder\r\n\r\n")
            #expect(try await connection.wait { text, _ in text.completeResponses.count == 1 })
            #expect(try await connection.wait(seconds: 10) { _, closed in closed }, "closed once idle")
            // The idle time starts when the answer is written, after the connection was opened.
            #expect(ContinuousClock.now - opened >= .milliseconds(950), "not before the limit")
        }
    }

    @Test func aLongAnswerIsNotCutOffByTheConnectionTimeouts() async throws {
        // A nine-step solution (over 100 tokens) at 50 tokens/s: more than two seconds, over twice the limits.
        try await DaemonHarness.withSim(SimConfiguration(tokensPerSecond: 50), configure: Self.shortTimeouts) { daemon, _ in
            let question = SimProblemGenerator.generate(count: 1, seed: 9, difficulty: .level(5))[0].question
            let body = #"{"model":"sim-reasoner","messages":[{"role":"user","content":"\#(question)"}]}"#
            let started = ContinuousClock.now
            let connection = try await RawConnection.open(port: daemon.server.port, sending: chatHead(length: body.utf8.count) + body)
            #expect(try await connection.wait(seconds: 30) { text, _ in text.completeResponses.count == 1 })
            #expect(ContinuousClock.now - started >= .milliseconds(2000), "the answer took its time")
            #expect(connection.received.completeResponses.first?.head.hasPrefix("HTTP/1.1 200 OK\r\n") == true)
            #expect(try await connection.wait(seconds: 10) { _, closed in closed }, "then idle, then closed")
        }
    }

    @Test func anAnswerFinishedBeforeAHalfCloseIsDelivered() async throws {
        // The client pipelines a second request behind a slow one, then closes its sending side: the
        // first answer must still reach the client before the connection closes.
        try await DaemonHarness.withSim(SimConfiguration(tokensPerSecond: 50)) { daemon, _ in
            let connection = try await RawConnection.open(port: daemon.server.port)
            try await connection.send(chatHead(length: chatBody.utf8.count) + chatBody + "GET /healthz HTTP/1.1\r\nHost: ponder\r\n\r\n")
            try await Task.sleep(for: .milliseconds(100))
            try await connection.shutdownOutput()
            #expect(try await connection.wait(seconds: 20) { _, closed in closed })
            let responses = connection.received.completeResponses
            #expect(responses.first?.body.contains("\"chat.completion\"") == true, "\(connection.received)")
        }
    }

    @Test func aStreamToAnHTTP10ClientEndsWithTheConnection() async throws {
        try await DaemonHarness.withSim { daemon, _ in
            let body = #"{"model":"best-of-4/sim-reasoner","stream":true,"messages":[{"role":"user","content":"Start with 4. Add 3. What is the result?"}]}"#
            let connection = try await RawConnection.open(port: daemon.server.port)
            try await connection.send(
                "POST /v1/chat/completions HTTP/1.0\r\nConnection: keep-alive\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(body.utf8.count)\r\n\r\n" + body)
            #expect(try await connection.wait(seconds: 20) { _, closed in closed }, "no chunked framing in HTTP/1.0: the close ends the body")
            #expect(connection.received.hasPrefix("HTTP/1.0 200 OK\r\n"))
            #expect(connection.received.lowercased().contains("\r\nconnection: close\r\n"))
            #expect(connection.received.hasSuffix("data: [DONE]\n\n"))
        }
    }

    @Test func continueIsOnlyForHTTP11AndBodiesWithinTheLimit() async throws {
        try await DaemonHarness.withSim(configure: { $0.maxBodyBytes = 1000 }) { daemon, _ in
            let old = try await RawConnection.open(port: daemon.server.port)
            try await old.send(
                "POST /v1/chat/completions HTTP/1.0\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                    + "Content-Length: \(chatBody.utf8.count)\r\n\r\n")
            let tooLarge = try await RawConnection.open(port: daemon.server.port)
            try await tooLarge.send(chatHead(length: 5000, extra: "Expect: 100-continue\r\n"))
            // Not invited to send 5000 bytes over a 1000-byte limit: told at once, in place of the 100.
            #expect(try await tooLarge.wait { text, _ in text.completeResponses.count == 1 })
            #expect(tooLarge.received.hasPrefix("HTTP/1.1 413 "), "\(tooLarge.received)")
            #expect(!tooLarge.received.contains("100 Continue"))
            #expect(tooLarge.received.contains(#""message":"The request body is larger than 1000 bytes.""#))
            #expect(try await tooLarge.wait { _, closed in closed }, "then the connection closes")
            #expect(old.received.isEmpty, "HTTP/1.0 knows no 100 Continue")
            try await old.send(chatBody)
            #expect(try await old.wait { text, _ in text.completeResponses.count == 1 })
            #expect(old.received.hasPrefix("HTTP/1.0 200 OK\r\n"))
            await tooLarge.close()
        }
    }
}

extension String {
    /// Consecutive pieces of at most `count` characters.
    fileprivate func split(every count: Int) -> [String] {
        stride(from: 0, to: self.count, by: count).map { start in
            let from = index(startIndex, offsetBy: start)
            return String(self[from..<(index(from, offsetBy: count, limitedBy: endIndex) ?? endIndex)])
        }
    }
}
