extension OptillmReport {
    /// The run as markdown: one short table per part that ran, the targets, and a line on the machine.
    public var table: String {
        var sections: [String] = []
        if !passThrough.isEmpty { sections.append(passThroughTable) }
        if !fanOut.isEmpty { sections.append(fanOutTable) }
        if let delayed { sections.append(delayedTable(delayed)) }
        if let scale { sections.append(scaleTable(scale)) }
        if let accuracy { sections.append(accuracyTable(accuracy)) }
        sections.append(targetsTable)
        sections.append(machineLine)
        return sections.joined(separator: "\n\n")
    }

    private var passThroughTable: String {
        var lines = [
            "**Pass-through** (`single` / `none`, max_tokens \(settings.passThroughMaxTokens), instant sim, closed loop)",
            "",
            "| clients | target | requests | failures | backend calls | req/s | p50 ms | p99 ms | added p50 ms | proxy CPU µs/req |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for level in passThrough {
            for result in [level.direct, level.ponder, level.optillm] {
                let added: String = switch result.proxy {
                case .direct: ""
                case .ponder: Self.signed(level.ponderAddedP50Milliseconds, 3)
                case .optillm: Self.signed(level.optillmAddedP50Milliseconds, 3)
                }
                lines.append(
                    Self.row([
                        "\(level.clients)", result.proxy.rawValue, "\(result.requests)", "\(result.failures)",
                        result.backendCalls.map(String.init) ?? "n/a", Self.fixed(result.requestsPerSecond, 0),
                        Self.fixed(result.latencyP50Milliseconds, 3), Self.fixed(result.latencyP99Milliseconds, 3), added,
                        result.proxyCPUMicrosecondsPerRequest.map { Self.fixed($0, 1) } ?? "",
                    ]))
            }
        }
        return lines.joined(separator: "\n")
    }

    private var fanOutTable: String {
        var lines = [
            "**Fan-out** (instant sim, \(settings.fanOutClients) clients; each proxy uses `n` as it likes)",
            "",
            "| strategy | proxy | model | requests | failures | req/s | p50 ms | p99 ms | backend calls/req | completion tokens/req "
                + "| proxy CPU µs/req | peak RSS MiB (during the load) |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for result in fanOut {
            lines.append(
                Self.row([
                    result.strategy, result.proxy.rawValue, "`\(result.model)`", "\(result.requests)", "\(result.failures)",
                    Self.fixed(result.requestsPerSecond, result.requestsPerSecond < 100 ? 1 : 0), Self.fixed(result.latencyP50Milliseconds, 2),
                    Self.fixed(result.latencyP99Milliseconds, 2), result.backendCallsPerRequest.map { Self.fixed($0, 2) } ?? "n/a",
                    result.completionTokens.map { Self.fixed(Double($0) / Double(max(result.requests, 1)), 0) } ?? "n/a",
                    result.proxyCPUMicrosecondsPerRequest.map { Self.fixed($0, 0) } ?? "n/a", Self.mebibytes(result.proxyPeakRSSBytes),
                ]))
        }
        return lines.joined(separator: "\n")
    }

    private func delayedTable(_ part: OptillmDelayedPart) -> String {
        var lines = [
            "**Fan-out, delayed sim** (\(Self.fixed(settings.delayedTokensPerSecond, 0)) tokens/s per call, capacity \(settings.delayedCapacity), "
                + "one choice per call; one request at a time; one backend call: p50 \(Self.fixed(part.oneCall.latencyP50Milliseconds, 0)) ms)",
            "",
            "| strategy | proxy | requests | failures | p50 wall ms | × one call | backend calls/req | rejected/req | most calls in flight | fan-out |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for result in part.results {
            let load = result.load
            lines.append(
                Self.row([
                    load.strategy, load.proxy.rawValue, "\(load.requests)", "\(load.failures)", Self.fixed(load.latencyP50Milliseconds, 0),
                    Self.fixed(result.timesOneCall, 2), load.backendCallsPerRequest.map { Self.fixed($0, 1) } ?? "n/a",
                    load.rejectedCalls.map { Self.fixed(Double($0) / Double(max(load.requests, 1)), 1) } ?? "n/a",
                    load.maxCallsInFlight.map(String.init) ?? "n/a", result.fanOut,
                ]))
        }
        return lines.joined(separator: "\n")
    }

    private func scaleTable(_ scale: OptillmScaleResult) -> String {
        let load = scale.load
        return [
            "**Scale** (Ponder alone: `\(load.model)`, one call per sample, \(scale.sims) sims as replicas at "
                + "\(Self.fixed(settings.scaleTokensPerSecond, 0)) tokens/s per call; measured after one round that opens the connections)",
            "",
            "| clients | requests | failures | backend calls | peak calls in flight | peak RSS MiB (VmHWM) | idle RSS MiB | CPU µs/call | wall s |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            Self.row([
                "\(load.clients)", "\(load.requests)", "\(load.failures)", load.backendCalls.map(String.init) ?? "n/a",
                "\(scale.peakCallsInFlight)", Self.mebibytes(load.proxyPeakRSSBytes), Self.mebibytes(scale.idleRSSBytes),
                scale.cpuMicrosecondsPerCall.map { Self.fixed($0, 1) } ?? "n/a", Self.fixed(load.wallSeconds, 1),
            ]),
        ].joined(separator: "\n")
    }

    private func accuracyTable(_ part: OptillmAccuracyPart) -> String {
        var lines = [
            "**Accuracy per token** (\(settings.problems.count) sim problems of mixed difficulty, one request at a time; tokens as the sim counted them)",
            "",
            "| configuration | accuracy % (Wilson 95%) | tokens/problem | completion tokens/problem | backend calls/problem | PRM calls/problem | errors |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for summary in part.summaries {
            let interval = summary.wilson95.map { " [\(Self.fixed(100 * $0[0], 1)), \(Self.fixed(100 * $0[1], 1))]" } ?? ""
            lines.append(
                Self.row([
                    "`\(summary.strategy)`", Self.fixed(100 * summary.accuracy, 1) + interval, Self.fixed(summary.meanTokens, 0),
                    Self.fixed(summary.meanCompletionTokens, 0), Self.fixed(summary.backendCallsPerProblem, 1),
                    Self.fixed(summary.scoringCallsPerProblem, 1), "\(summary.errors)",
                ]))
        }
        if !part.matched.isEmpty { lines.append("") }
        for difference in part.matched {
            lines.append(
                "- same samples: `\(difference.ponder)` − `\(difference.optillm)` = \(Self.signed(100 * difference.meanDifference, 1)) points "
                    + "[\(Self.signed(100 * difference.ci95[0], 1)), \(Self.signed(100 * difference.ci95[1], 1))] (paired 95%, \(difference.pairs) problems)")
        }
        return lines.joined(separator: "\n")
    }

    private var targetsTable: String {
        var lines = ["**Targets** (issue 8)", "", "| target | aim | measured | result |", "|---|---|---|---|"]
        for target in targets {
            let result = target.passed.map { $0 ? "PASS" : "FAIL" } ?? "not run"
            lines.append(Self.row([target.name, target.target, target.measured, result]))
        }
        return lines.joined(separator: "\n")
    }

    private var machineLine: String {
        let load = [machine.loadAtStart, machine.loadAtEnd].map { $0.map { Self.fixed($0, 2) } ?? "n/a" }
        return "machine: \(machine.cores) cores, load average \(load[0]) at the start and \(load[1]) at the end; "
            + "\(machine.build) build; optillm \(OptillmFacts.version) (`self_consistency` \(OptillmFacts.selfConsistencySamples) samples, "
            + "`bon` N=\(settings.bestOfN) via --best-of-n, `--log warning`); run took \(Self.fixed(wallSeconds, 0)) s"
    }

    static func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }

    static func fixed(_ value: Double, _ digits: Int) -> String { ProxyReport.fixed(value, digits: digits) }

    static func signed(_ value: Double, _ digits: Int) -> String { ProxyReport.signed(value, digits: digits) }

    static func mebibytes(_ bytes: UInt64?) -> String { bytes.map { fixed(Double($0) / 1_048_576, 1) } ?? "n/a" }
}
