extension PonderConfiguration {
    /// A connection timeout: more than nothing, at most a day.
    private static func seconds(_ node: ConfigNode) throws -> Double {
        let value = try node.positiveNumber("a number of seconds > 0")
        guard value <= 86_400 else { throw node.error("at most 86400 seconds (a day)") }
        return value
    }

    /// Reads the `server:` section.
    static func parseServer(_ node: ConfigNode, environment: [String: String]) throws -> ServerSection {
        let map = try node.mapping(allowed: [
            "host", "port", "default_strategy", "max_body_bytes", "trace_capacity", "admission", "routes", "api_keys", "limits",
            "record", "connections",
        ])
        var server = ServerSection()
        if let v = map["host"] { server.host = try v.string() }
        if let v = map["port"] { server.port = try v.integer(in: 0...65535) }
        if let v = map["default_strategy"] { server.defaultStrategy = try v.string() }
        if let v = map["max_body_bytes"] { server.maxBodyBytes = try v.integer(in: 1...(1 << 30)) }
        if let v = map["trace_capacity"] { server.traceCapacity = try v.integer(in: 0...1_000_000) }
        if let v = map["record"] {
            let path = try v.string()
            guard !path.isEmpty else { throw v.error("'record' names a SQLite file; leave it out to record nothing") }
            server.record = path
        }
        if let admission = map["admission"] {
            let a = try admission.mapping(allowed: ["max_concurrent_searches", "queue", "queue_timeout"])
            if let v = a["max_concurrent_searches"] { server.maxConcurrentSearches = try v.integer(in: 1...1_000_000) }
            if let v = a["queue"] { server.queueDepth = try v.integer(in: 0...1_000_000) }
            if let v = a["queue_timeout"] { server.queueTimeoutSeconds = try v.nonNegativeNumber("a number of seconds ≥ 0") }
        }
        if let connections = map["connections"] {
            let c = try connections.mapping(allowed: ["request_timeout", "idle_timeout"])
            if let v = c["request_timeout"] { server.requestReadTimeoutSeconds = try seconds(v) }
            if let v = c["idle_timeout"] { server.idleTimeoutSeconds = try seconds(v) }
        }
        if let limits = map["limits"] { server.limits = try parseLimits(limits) }
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

    /// Reads `server.limits`. The ranges refuse settings that would break ordinary requests (a nesting
    /// depth below what a chat body needs) or that no request could honour (`n` above 128).
    static func parseLimits(_ node: ConfigNode) throws -> ServerSection.Limits {
        let fields: [(String, ClosedRange<Int>, WritableKeyPath<ServerSection.Limits, Int?>)] = [
            ("max_messages", 1...1_000_000, \.maxMessages),
            ("max_n", 1...128, \.maxN),
            ("max_tokens", 1...10_000_000, \.maxTokens),
            ("max_nesting_depth", 8...512, \.maxNestingDepth),
            ("max_model_id_bytes", 16...65_536, \.maxModelIDBytes),
            ("max_content_bytes", 1...(1 << 30), \.maxContentBytes),
            ("max_stop_sequences", 0...1024, \.maxStopSequences),
            ("max_stop_sequence_bytes", 1...65_536, \.maxStopSequenceBytes),
        ]
        let map = try node.mapping(allowed: fields.map(\.0))
        var limits = ServerSection.Limits()
        for (key, range, field) in fields {
            if let value = map[key] { limits[keyPath: field] = try value.integer(in: range) }
        }
        return limits
    }
}
