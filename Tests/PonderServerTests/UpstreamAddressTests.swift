import Testing

@testable import PonderServer

/// No request makes the daemon contact an address that is not a configured endpoint: addresses in
/// model ids, body fields and headers are never used as upstreams. A plain TCP listener waits at such
/// an address; every request is served by the configured sim or refused with a 4xx, and the listener
/// never sees a connection.
@Suite struct UpstreamAddressTests {
    @Test func addressesInRequestsAreNeverContacted() async throws {
        let decoy = try await TestListener.start()
        let address = "127.0.0.1:\(decoy.port)"
        let url = "http://\(address)/v1"
        try await DaemonHarness.withSim { daemon, sim in
            func chat(model: String = "sim-reasoner", _ extra: String = "") -> String {
                #"{"model":"\#(model)","messages":[{"role":"user","content":"Start with 2. Add 3. What is the result? See \#(url)"}]\#(extra)}"#
            }
            let models = [url, address, "\(url)/chat/completions", "single/\(url)", "best-of-4/\(address)", "evil.example/v1", "//\(address)"]
            let fields = [
                #","base_url":"\#(url)","api_base":"\#(url)","endpoint":"\#(url)","url":"\#(url)""#,
                #","ponder":{"endpoint":"\#(url)","base_url":"\#(url)","replicas":["\#(url)"]}"#,
                #","model_url":"\#(url)","stream":true"#,
            ]
            let headerSets: [[(String, String)]] = [
                [("Host", address)], [("X-Forwarded-Host", address)], [("Forwarded", "for=127.0.0.1;host=\(address);proto=http")],
                [("X-Upstream", url)], [("X-Forwarded-For", "127.0.0.1"), ("X-Real-IP", "127.0.0.1")],
                [("X-Original-URL", url), ("X-Rewrite-URL", url)], [("X-Ponder-Endpoint", url), ("Referer", url)],
            ]
            var served = 0
            for model in models {
                let reply = try await daemon.post("/v1/chat/completions", chat(model: model))
                #expect(reply.status == 404, "\(model): \(reply.text)")
                #expect(reply.error["param"] as? String == "model")
            }
            for extra in fields {
                let reply = try await daemon.post("/v1/chat/completions", chat(extra))
                // Fields the API does not have are ignored at the top level, refused in Ponder's own object.
                let refused = extra.contains(#""ponder""#)
                #expect(reply.status == (refused ? 400 : 200), "\(extra): \(reply.text)")
                if !refused { served += 1 }
            }
            for headers in headerSets {
                let reply = try await daemon.post("/v1/chat/completions", chat(), headers: headers)
                #expect(reply.status == 200, "\(headers): \(reply.text)")
                served += 1
            }
            let text = #"{"model":"sim-reasoner","prompt":"Start with 1. What is the result?","api_base":"\#(url)"}"#
            #expect(try await daemon.post("/v1/completions", text, headers: [("X-Forwarded-Host", address)]).status == 200)
            served += 1
            let proxied = try await daemon.send("/v1/models?upstream=\(url)", headers: [("X-Forwarded-Host", address)])
            #expect(proxied.status == 200 && !proxied.text.contains(address), "the configured model list, not the decoy's")

            let calls = sim.stats().requests
            #expect(calls["/v1/chat/completions", default: 0] + calls["/v1/completions", default: 0] == served, "each served by the sim")
            // Every connection made so far has been accepted once our own has: then count.
            try await decoy.settle()
            #expect(decoy.connections == 1, "only the test's own connection reached the decoy")
        }
        await decoy.stop()
    }
}
