import Testing

@testable import PonderEngine

@Suite struct ServerSectionTests {
    let endpoints = "endpoints:\n  - {name: a, model: m, url: 'http://h:1'}\n"

    @Test func readsEveryField() throws {
        let yaml = endpoints + """
            server:
              host: 0.0.0.0
              port: 9000
              default_strategy: best-of-4
              max_body_bytes: 1024
              trace_capacity: 8
              admission: {max_concurrent_searches: 3, queue: 5, queue_timeout: 0.5}
              connections: {request_timeout: 12.5, idle_timeout: 300}
              routes: {careful: best-of-8-checked}
              api_keys:
                - {name: alice, key_env: KEY_A, requests_per_minute: 60, tokens_per_day: 5000}
                - {name: bob, key_env: KEY_B}
            """
        let server = try PonderConfiguration.parse(yaml: yaml, file: "f.yaml", environment: ["KEY_A": "sk-a", "KEY_B": "sk-b"]).server
        #expect(server.host == "0.0.0.0" && server.port == 9000 && server.defaultStrategy == "best-of-4")
        #expect(server.maxBodyBytes == 1024 && server.traceCapacity == 8)
        #expect(server.maxConcurrentSearches == 3 && server.queueDepth == 5 && server.queueTimeoutSeconds == 0.5)
        #expect(server.requestReadTimeoutSeconds == 12.5 && server.idleTimeoutSeconds == 300)
        #expect(server.routes == ["careful": "best-of-8-checked"])
        #expect(server.clientKeys == [
            .init(name: "alice", key: "sk-a", requestsPerMinute: 60, tokensPerDay: 5000), .init(name: "bob", key: "sk-b"),
        ])
    }

    @Test(arguments: [
        ("server:\n  admision: {}", "server.admision", "did you mean 'admission'?"),
        ("server:\n  port: 70000", "server.port", "from 0 to 65535"),
        ("server:\n  api_keys:\n    - {name: x, key_env: UNSET}", "server.api_keys[0].key_env", "'UNSET' is not set"),
        ("server:\n  api_keys:\n    - {name: x}", "server.api_keys[0]", "missing required key 'key_env'"),
        ("server:\n  api_keys:\n    - {name: x, key_env: K}\n    - {name: x, key_env: K}", "server.api_keys[1]", "used twice"),
        ("server:\n  admission: {queue: -1}", "server.admission.queue", "from 0"),
        ("server:\n  connections: {idle_timeout: 0}", "server.connections.idle_timeout", "seconds > 0"),
        ("server:\n  connections: {request_timeout: 100000}", "server.connections.request_timeout", "at most 86400"),
        ("server:\n  connections: {read_timeout: 5}", "server.connections.read_timeout", "request_timeout"),
    ] as [(String, String, String)])
    func errorsNameTheKey(tail: String, path: String, fragment: String) {
        do {
            _ = try PonderConfiguration.parse(yaml: endpoints + tail, file: "f.yaml", environment: ["K": "sk-secret-value"])
            Issue.record("accepted: \(tail)")
        } catch let error as ConfigurationError {
            #expect(error.path == path, "\(error)")
            #expect(error.description.contains(fragment), "\(error)")
            #expect(!error.description.contains("sk-secret-value"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func theShippedConfigurationParses() throws {
        let config = try PonderConfiguration.load(file: ResourceLocator.sourceRoot + "/Configs/ponder.yaml", environment: [:])
        #expect(config.server.maxConcurrentSearches == 64)
        #expect(config.server.routes["careful"] == "best-of-8-checked")
        #expect(config.server.requestReadTimeoutSeconds == 30 && config.server.idleTimeoutSeconds == 120)
    }
}
