import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import Testing

@testable import PonderServer

/// `LeanRequestHandler` driven into each phase of a connection (answering, streaming, reading a body,
/// draining) by a responder with scripted routes, behind a plain NIO server so a test can send each
/// connection the drain event Hummingbird's graceful shutdown sends.
@Suite struct HTTPConnectionPhaseTests {
    @Test func aContinueForAPipelinedRequestWaitsForTheAnswerBeingStreamed() async throws {
        try await PhaseServer.with { server in
            let connection = try await RawConnection.open(port: server.port)
            try await connection.send("GET /stream HTTP/1.1\r\nHost: p\r\n\r\n")
            #expect(try await connection.wait { text, _ in text.contains("event0") })
            try await connection.send("POST /fast HTTP/1.1\r\nHost: p\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n")
            #expect(try await connection.wait { text, _ in text.contains("HTTP/1.1 100 Continue\r\n\r\n") })
            let received = connection.received
            let continueAt = try #require(received.range(of: "HTTP/1.1 100 Continue"))
            let streamEnd = try #require(received.range(of: "\r\n0\r\n\r\n"), "the stream ended before the interim response")
            #expect(continueAt.lowerBound > streamEnd.lowerBound, "\(received)")
            try await connection.send("ok")
            #expect(try await connection.wait { text, _ in text.hasSuffix("fast") })
            await connection.close()
        }
    }

    @Test func oneTaskAnswersAConnectionsRequestsWhileItIsKept() async throws {
        // Kept far longer than the test runs, so however slowly a loaded machine runs the client, one task answers all.
        let keptLong = ConnectionTimeouts(requestRead: .milliseconds(400), idle: .seconds(60), answererKeep: .seconds(60))
        try await PhaseServer.with(timeouts: keptLong) { server in
            let connection = try await RawConnection.open(port: server.port)
            for count in 1...3 {
                try await connection.send("GET /fast HTTP/1.1\r\nHost: p\r\n\r\n")
                #expect(try await connection.wait { text, _ in text.components(separatedBy: "HTTP/1.1 200 OK").count == count + 1 })
            }
            try await connection.send("GET /slow?ms=50 HTTP/1.1\r\nHost: p\r\n\r\nGET /fast HTTP/1.1\r\nHost: p\r\n\r\n")
            #expect(try await connection.wait { text, _ in text.hasSuffix("fast") && text.components(separatedBy: "HTTP/1.1 200 OK").count == 6 })
            #expect(server.answeringTasksStarted == [1])
            #expect(server.answeringTasksEnded == [0])
            await connection.close()
        }
    }

    @Test func anIdleConnectionsTaskIsLetGoAndTheNextRequestStartsAnother() async throws {
        // Checked every 100 ms (a quarter of the read limit); kept 1 ms, so the first check after an answer lets the task go.
        let keptBriefly = ConnectionTimeouts(requestRead: .milliseconds(400), idle: .seconds(60), answererKeep: .milliseconds(1))
        try await PhaseServer.with(timeouts: keptBriefly) { server in
            let connection = try await RawConnection.open(port: server.port)
            try await connection.send("GET /fast HTTP/1.1\r\nHost: p\r\n\r\n")
            #expect(try await connection.wait { text, _ in text.hasSuffix("fast") })
            #expect(try await eventually { server.answeringTasksEnded == [1] }, "the idle connection's task returned")
            try await connection.send("GET /slow?ms=1 HTTP/1.1\r\nHost: p\r\n\r\n")
            #expect(try await connection.wait { text, _ in text.hasSuffix("slow") })
            #expect(server.answeringTasksStarted == [2], "a new task answered the request after the idle one was let go")
            await connection.close()
        }
    }

    /// Polls `condition` every 10 ms for up to 30 s.
    private func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<3000 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    @Test func aRequestBeforeUnparseableBytesIsAnsweredThenTheConnectionGets400() async throws {
        try await PhaseServer.with { server in
            let connection = try await RawConnection.open(port: server.port)
            try await connection.send("GET /slow?ms=100 HTTP/1.1\r\nHost: p\r\n\r\nTHIS IS NOT HTTP\r\n\r\n")
            #expect(try await connection.wait { _, closed in closed })
            let received = connection.received
            #expect(received.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(received)")
            #expect(received.contains("slowHTTP/1.1 400 Bad Request\r\n"), "\(received)")
        }
    }

    @Test func bytesArrivingAfterUnparseableOnesDoNotCutTheAnswerBeingWritten() async throws {
        // The parser fails while an answer is being made; the client keeps sending. The answer is still
        // written, then the 400, then the connection closes. (On a machine loaded enough that the 2 s
        // answer is out before the later bytes are sent, those sends may fail; what arrived still must
        // be the answer and the 400.)
        try await PhaseServer.with { server in
            let connection = try await RawConnection.open(port: server.port)
            try await connection.send("GET /slow?ms=2000 HTTP/1.1\r\nHost: p\r\n\r\nTHIS IS NOT HTTP\r\n\r\n")
            for _ in 0..<3 {
                try await Task.sleep(for: .milliseconds(50))
                try? await connection.send("MORE BYTES THAT ARE NOT HTTP\r\n")
            }
            #expect(try await connection.wait(seconds: 30) { _, closed in closed })
            let received = connection.received
            #expect(received.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(received)")
            #expect(received.contains("slowHTTP/1.1 400 Bad Request\r\n"), "\(received)")
        }
    }

    @Test func a204EndsWithItsHeadWithoutALength() async throws {
        try await PhaseServer.with { server in
            let connection = try await RawConnection.open(port: server.port)
            try await connection.send("GET /nocontent HTTP/1.1\r\nHost: p\r\n\r\nGET /fast HTTP/1.1\r\nHost: p\r\n\r\n")
            #expect(try await connection.wait { text, _ in text.hasSuffix("fast") })
            let received = connection.received
            let headEnd = try #require(received.range(of: "\r\n\r\n"))
            #expect(received.hasPrefix("HTTP/1.1 204 No Content\r\n"), "\(received)")
            #expect(!received[..<headEnd.lowerBound].lowercased().contains("content-length"), "\(received)")
            #expect(received[headEnd.upperBound...].hasPrefix("HTTP/1.1 200 OK\r\n"), "\(received)")
            await connection.close()
        }
    }

    @Test func anAnswerWrittenWhileDrainingSaysTheConnectionCloses() async throws {
        try await PhaseServer.with { server in
            // Answering: an 8 s answer (long enough to be still under way at the drain on a loaded machine).
            // Reading: its head is in (the interim response says so), its body not.
            let answering = try await RawConnection.open(port: server.port)
            try await answering.send("GET /slow?ms=8000 HTTP/1.1\r\nHost: p\r\n\r\n")
            let reading = try await RawConnection.open(port: server.port)
            try await reading.send("POST /fast HTTP/1.1\r\nHost: p\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            #expect(try await reading.wait { text, _ in text.contains("100 Continue") })
            let idle = try await RawConnection.open(port: server.port)
            try await idle.send("GET /fast HTTP/1.1\r\nHost: p\r\n\r\n")
            #expect(try await idle.wait { text, _ in text.hasSuffix("fast") })
            server.drain()
            #expect(try await idle.wait { _, closed in closed }, "an idle connection closes at once")
            try await reading.send("abcd")
            for connection in [answering, reading] {
                #expect(try await connection.wait(seconds: 30) { _, closed in closed })
                let answer = connection.received.replacingOccurrences(of: "HTTP/1.1 100 Continue\r\n\r\n", with: "")
                #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(answer)")
                #expect(answer.lowercased().contains("\r\nconnection: close\r\n"), "\(answer)")
            }
        }
    }
}

/// `/slow?ms=N` answers "slow" after N ms; `/stream` streams three events 150 ms apart; `/nocontent`
/// is a 204 given a body; anything else answers "fast" at once.
private struct ScriptedResponder: RequestAnswering {
    func answer(head: HTTPRequestHead, body: ReceivedBody, context: PonderRequestContext) async -> DaemonResponse {
        let uri = URI(head.uri)
        switch uri.path {
        case "/slow":
            let milliseconds = uri.queryParameters["ms"].flatMap { Int(String($0)) } ?? 500
            do {
                try await Task.sleep(for: .milliseconds(milliseconds))
            } catch {
                return DaemonResponse(status: .internalServerError, body: .whole(ByteBuffer()))
            }
            return DaemonResponse(status: .ok, body: .whole(ByteBuffer(string: "slow")))
        case "/nocontent":
            return DaemonResponse(status: .noContent, body: .whole(ByteBuffer(string: "not sent")))
        case "/stream":
            return DaemonResponse(
                status: .ok,
                body: .stream(
                    ResponseBody { writer in
                        for index in 0..<3 {
                            try await writer.write(ByteBuffer(string: "event\(index)\n"))
                            try await Task.sleep(for: .milliseconds(150))
                        }
                        try await writer.finish(nil)
                    }))
        default:
            return DaemonResponse(status: .ok, body: .whole(ByteBuffer(string: "fast")))
        }
    }
}

/// `LeanHTTP1Channel` behind a NIO server bootstrap on a free port, keeping its connections.
private final class PhaseServer: Sendable {
    private let listener: any Channel
    private let connections: ConnectionList

    private final class ConnectionList: Sendable {
        private let channels = Mutex<[any Channel]>([])
        private let answering = Mutex<[AnswerInFlight]>([])
        func add(_ channel: any Channel) { channels.withLock { $0.append(channel) } }
        func add(_ inFlight: AnswerInFlight) { answering.withLock { $0.append(inFlight) } }
        var all: [any Channel] { channels.withLock { $0 } }
        var inFlight: [AnswerInFlight] { answering.withLock { $0 } }
    }

    private init(listener: any Channel, connections: ConnectionList) {
        self.listener = listener
        self.connections = connections
    }

    /// Starts a server, runs `body` against it, and closes it and its connections whether or not `body` throws.
    static func with(
        timeouts: ConnectionTimeouts = ConnectionTimeouts(requestRead: .seconds(30), idle: .seconds(30)),
        _ body: (PhaseServer) async throws -> Void
    ) async throws {
        let lean = LeanHTTP1Channel(
            responder: ScriptedResponder(), maxBodyBytes: 1 << 20, timeouts: timeouts, logger: Logger(label: "phase-tests"))
        let connections = ConnectionList()
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { child in
                connections.add(child)
                return lean.setup(channel: child, logger: Logger(label: "phase-tests")).map { connections.add($0.inFlight) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = PhaseServer(listener: listener, connections: connections)
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    var port: Int { listener.localAddress?.port ?? 0 }

    /// Answering tasks started on each connection so far, in the order the connections came.
    var answeringTasksStarted: [Int] { connections.inFlight.map(\.tasksStarted) }

    /// Answering tasks returned on each connection so far.
    var answeringTasksEnded: [Int] { connections.inFlight.map(\.tasksEnded) }

    /// What Hummingbird's graceful shutdown sends every connection.
    func drain() {
        for child in connections.all { child.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent()) }
    }

    private func stop() async {
        for child in connections.all { try? await child.close() }
        try? await listener.close()
    }
}
