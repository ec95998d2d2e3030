import PonderBackends
import Yams

import struct FoundationEssentials.URL
import struct FoundationEssentials.Data
import class Foundation.ProcessInfo

extension PonderConfiguration {
    /// Reads and validates a configuration file.
    ///
    /// API keys are never written in the file: an endpoint names the environment variable that holds
    /// its key (`api_key_env`), read from `environment` here.
    public static func load(
        file: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> PonderConfiguration {
        let text: String
        do {
            text = try String(contentsOf: URL(fileURLWithPath: file), encoding: .utf8)
        } catch {
            throw ConfigurationError(file: file, line: nil, path: "", message: "cannot read the file: \(error)")
        }
        return try parse(yaml: text, file: file, environment: environment)
    }

    /// Validates configuration text; `file` names it in error messages.
    public static func parse(
        yaml: String, file: String, environment: [String: String] = [:]
    ) throws -> PonderConfiguration {
        let root = try YAMLDocument.root(of: yaml, file: file)
        let top = try ConfigNode(node: root, path: "", file: file).mapping(allowed: ["endpoints", "server"])
        let list = try top.required("endpoints", "a list of model endpoints").list()
        guard !list.isEmpty else { throw top.owner.error("'endpoints' lists no endpoint") }
        var endpoints: [EndpointConfiguration] = []
        for item in list {
            let endpoint = try parseEndpoint(item, environment: environment)
            if endpoints.contains(where: { $0.name == endpoint.name }) {
                throw item.error("endpoint name '\(endpoint.name)' is used twice")
            }
            endpoints.append(endpoint)
        }
        var configuration = PonderConfiguration(endpoints: endpoints)
        if let server = top["server"] { configuration.server = try parseServer(server, environment: environment) }
        return configuration
    }

    private static func parseEndpoint(_ node: ConfigNode, environment: [String: String]) throws -> EndpointConfiguration {
        let keys = [
            "name", "model", "url", "replicas", "roles", "api_key_env", "max_concurrency", "timeouts",
            "capabilities", "cost_per_1k", "retry", "circuit_breaker",
        ]
        let map = try node.mapping(allowed: keys)
        let name = try map.required("name", "what strategies call this endpoint").string()
        let model = try map.required("model", "the model id the server expects").string()

        var urls: [ConfigNode] = []
        if let url = map["url"] { urls.append(url) }
        if let replicas = map["replicas"] { urls += try replicas.list() }
        guard !urls.isEmpty else { throw node.error("give 'url' or 'replicas' (base URLs of the server)") }
        let replicas = try urls.map { item in
            do { return try BaseURL.normalize(try item.string()) } catch let invalid as BaseURL.Invalid {
                throw item.error(invalid.description)
            }
        }

        var roles = Set(EndpointRole.allCases)
        if let rolesNode = map["roles"] {
            roles = []
            for item in try rolesNode.list() {
                if let role = try item.word(EndpointRole.self, what: "role", plural: "roles") { roles.insert(role) }
            }
            guard !roles.isEmpty else { throw rolesNode.error("an endpoint needs at least one role") }
        }

        var endpoint = EndpointConfiguration(name: name, model: model, replicas: replicas, roles: roles)
        if let keyEnv = map["api_key_env"] {
            let variable = try keyEnv.string()
            guard let key = environment[variable], !key.isEmpty else {
                throw keyEnv.error("environment variable '\(variable)' is not set (it should hold this endpoint's API key)")
            }
            endpoint.apiKeyEnvironmentVariable = variable
            endpoint.apiKey = key
        }
        if let concurrency = map["max_concurrency"] {
            endpoint.maxConcurrency = try concurrency.integer(in: 1...100_000)
        }
        if let timeouts = map["timeouts"] {
            let t = try timeouts.mapping(allowed: ["first_byte", "idle", "total"])
            if let v = t["first_byte"] { endpoint.timeouts.firstByte = try v.positiveNumber("a positive number of seconds") }
            if let v = t["idle"] { endpoint.timeouts.idle = try v.positiveNumber("a positive number of seconds") }
            if let v = t["total"] { endpoint.timeouts.total = try v.positiveNumber("a positive number of seconds") }
        }
        if let capabilities = map["capabilities"] {
            try readCapabilities(capabilities, into: &endpoint.capabilities)
        }
        if let cost = map["cost_per_1k"] {
            let c = try cost.mapping(allowed: ["prompt", "completion"])
            if let v = c["prompt"] { endpoint.cost.promptPer1K = try v.nonNegativeNumber() }
            if let v = c["completion"] { endpoint.cost.completionPer1K = try v.nonNegativeNumber() }
        }
        if let retry = map["retry"] {
            let r = try retry.mapping(allowed: ["max_attempts", "base_delay", "max_delay", "max_retry_after"])
            var policy = endpoint.retry
            if let v = r["max_attempts"] { policy.maxAttempts = try v.integer(in: 1...20) }
            if let v = r["base_delay"] { policy.baseDelay = try v.nonNegativeNumber("a number of seconds ≥ 0") }
            if let v = r["max_delay"] { policy.maxDelay = try v.nonNegativeNumber("a number of seconds ≥ 0") }
            if let v = r["max_retry_after"] { policy.maxRetryAfter = try v.nonNegativeNumber("a number of seconds ≥ 0") }
            endpoint.retry = RetryPolicy(
                maxAttempts: policy.maxAttempts, baseDelay: policy.baseDelay, maxDelay: policy.maxDelay,
                maxRetryAfter: policy.maxRetryAfter)
        }
        if let breaker = map["circuit_breaker"] {
            let b = try breaker.mapping(allowed: ["failure_threshold", "cooldown", "max_cooldown"])
            var policy = endpoint.circuitBreaker
            if let v = b["failure_threshold"] { policy.failureThreshold = try v.integer(in: 1...1000) }
            if let v = b["cooldown"] { policy.cooldown = try v.nonNegativeNumber("a number of seconds ≥ 0") }
            if let v = b["max_cooldown"] { policy.maxCooldown = try v.nonNegativeNumber("a number of seconds ≥ 0") }
            endpoint.circuitBreaker = CircuitBreaker.Policy(
                failureThreshold: policy.failureThreshold, cooldown: policy.cooldown, maxCooldown: policy.maxCooldown)
        }
        return endpoint
    }
}
