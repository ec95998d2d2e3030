import PonderBackends
import PonderCore
import Testing

@testable import PonderEngine

@Suite struct ConfigurationTests {
    let file = "test.yaml"

    func parse(_ yaml: String, environment: [String: String] = [:]) throws -> PonderConfiguration {
        try PonderConfiguration.parse(yaml: yaml, file: file, environment: environment)
    }

    func failure(_ yaml: String, environment: [String: String] = [:]) -> ConfigurationError? {
        do {
            _ = try parse(yaml, environment: environment)
            return nil
        } catch let error as ConfigurationError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    @Test func fullEndpoint() throws {
        let config = try parse(
            """
            endpoints:
              - name: policy
                model: qwen
                replicas: [http://10.0.0.1:8000, "http://10.0.0.2:8000/v1/"]
                roles: [policy, judge]
                api_key_env: POLICY_KEY
                max_concurrency: 32
                timeouts: {first_byte: 30, idle: 10, total: 120}
                capabilities: {max_n: 4, usage_covers_all_choices: false}
                cost_per_1k: {prompt: 0.1, completion: 0.4}
                retry: {max_attempts: 6, base_delay: 0.01, max_delay: 1}
                circuit_breaker: {failure_threshold: 3, cooldown: 0.5, max_cooldown: 10}
              - name: prm
                model: math-prm
                url: http://10.0.0.3:8001
                roles: [prm]
            """, environment: ["POLICY_KEY": "sk-secret"])
        #expect(config.endpoints.count == 2)
        let policy = config.endpoints[0]
        #expect(policy.replicas == ["http://10.0.0.1:8000/v1", "http://10.0.0.2:8000/v1"])
        #expect(policy.roles == [.policy, .judge])
        #expect(policy.apiKey == "sk-secret")
        #expect(policy.maxConcurrency == 32)
        #expect(policy.timeouts == EndpointTimeouts(firstByte: 30, idle: 10, total: 120))
        #expect(policy.capabilities == EndpointCapabilities(maxN: 4, usageCoversAllChoices: false))
        #expect(policy.cost == TokenCost(promptPer1K: 0.1, completionPer1K: 0.4))
        #expect(policy.retry.maxAttempts == 6)
        #expect(policy.circuitBreaker.failureThreshold == 3)
        #expect(config.endpoint(for: .prm)?.name == "prm")
        #expect(config.endpoint(for: .qvalue) == nil)
        #expect(config.endpoints[1].roles == [.prm])
    }

    @Test func defaultsWhenOmitted() throws {
        let config = try parse("endpoints:\n  - {name: a, model: m, url: 'http://h:1'}\n")
        #expect(config.endpoints[0].roles == Set(EndpointRole.allCases))
        #expect(config.endpoints[0].retry == .default)
    }

    @Test(arguments: [
        ("endpoints: []", 1, "", "lists no endpoint"),
        ("endpoint:\n  - name: a", 1, "endpoint", "did you mean 'endpoints'?"),
        ("endpoints:\n  - name: a\n    url: http://h", 2, "endpoints[0]", "missing required key 'model'"),
        ("endpoints:\n  - name: a\n    model: m", 2, "endpoints[0]", "give 'url' or 'replicas'"),
        ("endpoints:\n  - name: a\n    model: m\n    url: localhost:8000", 4, "endpoints[0].url", "expected an http:// or https:// URL"),
        ("endpoints:\n  - name: a\n    model: m\n    url: http://h\n    roles: [policy, prn]", 5, "endpoints[0].roles[1]", "did you mean 'prm'?"),
        ("endpoints:\n  - name: a\n    model: m\n    url: http://h\n    max_concurency: 4", 5, "endpoints[0].max_concurency", "did you mean 'max_concurrency'?"),
        ("endpoints:\n  - name: a\n    model: m\n    url: http://h\n    timeouts:\n      total: soon", 6, "endpoints[0].timeouts.total", "expected a positive number of seconds, got 'soon'"),
        ("endpoints:\n  - name: a\n    model: m\n    url: http://h\n    timeouts: {total: -1}", 5, "endpoints[0].timeouts.total", "expected a positive number of seconds, got '-1'"),
        ("endpoints:\n  - name: a\n    model: m\n    url: http://h\n    capabilities: {max_n: 0}", 5, "endpoints[0].capabilities.max_n", "from 1 to 1024"),
        ("endpoints:\n  - name: a\n    model: m\n    url: http://h\n    api_key_env: NOPE", 5, "endpoints[0].api_key_env", "'NOPE' is not set"),
        ("endpoints:\n  - {name: a, model: m, url: 'http://h'}\n  - {name: a, model: m, url: 'http://h'}", 3, "endpoints[1]", "used twice"),
        ("endpoints: [\n", nil, "", "not valid YAML"),
    ] as [(String, Int?, String, String)])
    func validationMessagesNameFileLineKeyAndExpectation(yaml: String, line: Int?, path: String, fragment: String) {
        guard let error = failure(yaml) else {
            Issue.record("accepted invalid configuration:\n\(yaml)")
            return
        }
        #expect(error.file == file)
        if let line { #expect(error.line == line, "\(error)") }
        #expect(error.path == path, "\(error)")
        #expect(error.description.contains(fragment), "\(error)")
        #expect(error.description.hasPrefix(file))
    }

    @Test func keysNeverAppearInMessages() {
        let error = failure(
            "endpoints:\n  - name: a\n    model: m\n    url: http://h\n    api_key_env: K\n    retry: {max_attempts: 99}",
            environment: ["K": "sk-very-secret"])
        #expect(error != nil)
        #expect(!(error?.description.contains("sk-very-secret") ?? true))
    }

    @Test func endpointShortcut() throws {
        let config = try PonderConfiguration.singleEndpoint(urls: ["http://a:1", "http://b:2/v1"], model: nil)
        #expect(config.endpoints.count == 1)
        #expect(config.endpoints[0].replicas == ["http://a:1/v1", "http://b:2/v1"])
        #expect(config.endpoints[0].roles == Set(EndpointRole.allCases))
        #expect(throws: BaseURL.Invalid.self) { try PonderConfiguration.singleEndpoint(urls: ["nope"], model: nil) }
    }
}
