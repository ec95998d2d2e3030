extension PonderConfiguration {
    /// Reads the `server:` section.
    static func parseServer(_ node: ConfigNode, environment: [String: String]) throws -> ServerSection {
        let map = try node.mapping(allowed: [
            "host", "port", "default_strategy", "max_body_bytes", "trace_capacity", "admission", "routes", "api_keys",
        ])
        var server = ServerSection()
        if let v = map["host"] { server.host = try v.string() }
        if let v = map["port"] { server.port = try v.integer(in: 0...65535) }
        if let v = map["default_strategy"] { server.defaultStrategy = try v.string() }
        if let v = map["max_body_bytes"] { server.maxBodyBytes = try v.integer(in: 1...(1 << 30)) }
        if let v = map["trace_capacity"] { server.traceCapacity = try v.integer(in: 0...1_000_000) }
        if let admission = map["admission"] {
            let a = try admission.mapping(allowed: ["max_concurrent_searches", "queue", "queue_timeout"])
            if let v = a["max_concurrent_searches"] { server.maxConcurrentSearches = try v.integer(in: 1...1_000_000) }
            if let v = a["queue"] { server.queueDepth = try v.integer(in: 0...1_000_000) }
            if let v = a["queue_timeout"] { server.queueTimeoutSeconds = try v.nonNegativeNumber("a number of seconds ≥ 0") }
        }
        if let routes = map["routes"] {
            let r = try routes.mapping(allowed: nil)
            for (alias, preset) in r.entries { server.routes[alias] = try preset.string() }
        }
        if let keys = map["api_keys"] {
            for item in try keys.list() {
                let k = try item.mapping(allowed: ["name", "key_env", "requests_per_minute", "tokens_per_day"])
                let name = try k.required("name", "a label for this key in logs and metrics").string()
                let envNode = try k.required("key_env", "the environment variable holding the key")
                let variable = try envNode.string()
                guard let key = environment[variable], !key.isEmpty else {
                    throw envNode.error("environment variable '\(variable)' is not set (it should hold the API key '\(name)')")
                }
                guard !server.clientKeys.contains(where: { $0.name == name }) else {
                    throw item.error("API key name '\(name)' is used twice")
                }
                var clientKey = ServerSection.ClientKey(name: name, key: key)
                if let v = k["requests_per_minute"] { clientKey.requestsPerMinute = try v.integer(in: 1...10_000_000) }
                if let v = k["tokens_per_day"] { clientKey.tokensPerDay = try v.integer(in: 1...Int(Int32.max) * 1000) }
                server.clientKeys.append(clientKey)
            }
        }
        return server
    }
}
