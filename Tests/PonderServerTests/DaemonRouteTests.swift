import NIOHTTP1
import Testing

@testable import PonderServer

/// Which route a request's method and target come to.
@Suite struct DaemonRouteTests {
    @Test func eachRouteIsFoundByItsPathAndMethod() {
        #expect(DaemonRoute.match(method: .POST, target: "/v1/chat/completions") == .route(.chatCompletions))
        #expect(DaemonRoute.match(method: .POST, target: "/v1/completions") == .route(.completions))
        #expect(DaemonRoute.match(method: .GET, target: "/v1/models") == .route(.models))
        #expect(DaemonRoute.match(method: .GET, target: "/healthz") == .route(.health))
        #expect(DaemonRoute.match(method: .GET, target: "/readyz") == .route(.readiness))
        #expect(DaemonRoute.match(method: .GET, target: "/metrics") == .route(.metrics))
        #expect(DaemonRoute.match(method: .GET, target: "/v1/ponder/traces/req-0a1b") == .route(.trace(id: "req-0a1b")))
    }

    @Test func theQueryAndEmptySegmentsDoNotCount() {
        for target in ["/v1/models/", "//v1/models", "/v1//models", "/v1/models?limit=2", "/v1/models/?x=/y", "/v1/models#top", "http://127.0.0.1:8080/v1/models"] {
            #expect(DaemonRoute.match(method: .GET, target: target) == .route(.models), "\(target)")
        }
        #expect(DaemonRoute.match(method: .GET, target: "/v1/ponder/traces/abc/") == .route(.trace(id: "abc")))
        #expect(DaemonRoute.canonicalPath("/v1/chat/completions?stream=true") == "/v1/chat/completions")
        #expect(DaemonRoute.canonicalPath("/") == "/")
        #expect(DaemonRoute.canonicalPath("//") == "/")
        #expect(DaemonRoute.canonicalPath("http://localhost") == "/")
        #expect(DaemonRoute.canonicalPath("https://h/v1//completions/") == "/v1/completions")
    }

    @Test func aGetRouteAnswersHeadAndAWrongMethodNamesTheRightOnes() {
        #expect(DaemonRoute.match(method: .HEAD, target: "/healthz") == .route(.health))
        #expect(DaemonRoute.match(method: .GET, target: "/v1/chat/completions") == .wrongMethod(.chatCompletions))
        #expect(DaemonRoute.match(method: .PUT, target: "/v1/completions") == .wrongMethod(.completions))
        #expect(DaemonRoute.match(method: .POST, target: "/v1/models") == .wrongMethod(.models))
        #expect(DaemonRoute.match(method: .DELETE, target: "/v1/ponder/traces/x") == .wrongMethod(.trace(id: "x")))
        #expect(DaemonRoute.chatCompletions.allowedMethods == "POST" && DaemonRoute.trace(id: "x").allowedMethods == "GET, HEAD")
    }

    @Test func aModelsIdMayHoldSlashesAndIsNotDecoded() {
        #expect(DaemonRoute.match(method: .GET, target: "/v1/models/best-of-4/m") == .route(.model(id: "best-of-4/m")))
        #expect(DaemonRoute.match(method: .GET, target: "/v1/models/m/?x=1") == .route(.model(id: "m")))
        #expect(DaemonRoute.match(method: .GET, target: "/v1/models/%2e%2e") == .route(.model(id: "%2e%2e")))
        #expect(DaemonRoute.match(method: .POST, target: "/v1/models/m") == .wrongMethod(.model(id: "m")))
        #expect(DaemonRoute.model(id: "m").label == "/v1/models")
    }

    @Test func anythingElseIsUnknown() {
        for target in ["/", "", "*", "/nope", "/V1/models", "/v1/modelsx", "/v1/ponder/traces", "/v1/ponder/traces/", "/v1/ponder/traces/a/b", "v1/models"] {
            #expect(DaemonRoute.match(method: .GET, target: target) == .unknown, "\(target)")
        }
    }

    @Test func aRoutesLabelLeavesTheTraceIdOut() {
        #expect(DaemonRoute.trace(id: "sk-secret").label == "/v1/ponder/traces")
        #expect(DaemonRoute.chatCompletions.label == "/v1/chat/completions")
    }

    @Test func aFieldSentTwiceIsReadAsOneJoinedValue() {
        let headers = HTTPHeaders([("authorization", "Bearer a"), ("X-Request-ID", "one"), ("Authorization", "Bearer b")])
        #expect(headers.combinedValue(of: "Authorization") == "Bearer a, Bearer b")
        #expect(headers.combinedValue(of: "x-request-id") == "one")
        #expect(headers.combinedValue(of: "X-Request-Id") == "one")
        #expect(headers.combinedValue(of: "X-Request-Ie") == nil)
        #expect(headers.combinedValue(of: "Content-Type") == nil)
    }
}
