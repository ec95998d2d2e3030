import Foundation
import PonderCore
import PonderEngine
import PonderEval
import Testing

extension RealModelTests {
    /// Every kind of search, for real, on the CPU: 20 arithmetic problems through `single`, checked
    /// `best-of-n`, `self-consistency`, `beam` (continuing lines from their exact bytes) and `mcts`, with
    /// every token Ponder counts matched against the server's own counters.
    @Suite struct StrategiesOnRealModelTests {
        static let presets = ["single", "best-of-8-checked", "self-consistency", "beam-checked", "mcts-checked"]

        struct Outcome {
            var summary: RunSummary
            var results: [StoredResult]
            var server: RealModel.Counters
        }

        func run(_ preset: String, engine: Engine) async throws -> Outcome {
            let dataset = try DatasetReader.read(file: RealModel.home + "/problems.jsonl")
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-real-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try RunStore.open(at: directory.appendingPathComponent("\(preset).sqlite").path)
            let before = try await RealModel.counters()
            let report = try await BatchRun(
                request: .init(dataset: dataset, preset: preset, concurrency: 4), engine: engine, store: store
            ).execute(progressStyle: .silent)
            let after = try await RealModel.counters()
            return Outcome(summary: report.summary, results: try await store.results(withTraces: true), server: after - before)
        }

        /// The number of steps on the trace's longest path from its root.
        static func depth(of trace: SearchTrace?) -> Int {
            guard let nodes = trace?.nodes else { return 0 }
            let parents = Dictionary(nodes.map { ($0.id, $0.parent) }, uniquingKeysWith: { first, _ in first })
            return nodes.map { node in
                var depth = 0
                var current = node.parent
                while let id = current, depth < nodes.count {
                    depth += 1
                    current = parents[id] ?? nil
                }
                return depth
            }.max() ?? 0
        }

        @Test func everyStrategySolvesTheSetAndCountsWhatTheServerCounted() async throws {
            let engine = try await RealModel.engine()
            var accuracy: [String: Int] = [:]
            for preset in Self.presets {
                let outcome = try await run(preset, engine: engine)
                let summary = outcome.summary
                #expect(summary.recorded == 20, "\(preset): \(summary.sessionFailed) failed")
                #expect(summary.sessionFailed == 0, "\(preset)")
                #expect(outcome.results.allSatisfy { $0.usage.isComplete }, "\(preset): every choice counted")
                // Usage against the server's own counters: tokens it predicted, and prompt tokens it evaluated
                // (Ponder's prompt tokens less those the server reported cached).
                #expect(summary.completionTokens == outcome.server.predictedTokens, "\(preset): server \(outcome.server)")
                #expect(
                    summary.promptTokens - summary.cachedPromptTokens == outcome.server.promptTokens,
                    "\(preset): Ponder prompt \(summary.promptTokens) cached \(summary.cachedPromptTokens); server \(outcome.server)")
                #expect(summary.cachedPromptTokens == outcome.server.cachedPromptTokens, "\(preset)")
                accuracy[preset] = summary.correct
                print("real model: \(preset): \(summary.correct)/20 correct, \(summary.completionTokens) completion tokens, \(summary.calls) calls, \(String(format: "%.1f", summary.wallSeconds)) s")

                switch preset {
                case "beam-checked", "mcts-checked":
                    // Step-level: paths of more than one step, continued on a prefix the server had cached.
                    let depths = outcome.results.map { Self.depth(of: $0.trace) }
                    #expect(depths.contains { $0 >= 2 }, "\(preset): depths \(depths)")
                    #expect(summary.calls > 20, "\(preset): more than one call per problem")
                    #expect(summary.cachedPromptTokens > summary.promptTokens / 2, "\(preset): continuations reuse the cached prefix")
                case "best-of-8-checked", "self-consistency":
                    #expect(summary.calls == 160, "\(preset): 8 samples per problem, one request each")
                default:
                    #expect(summary.calls == 20)
                }
            }
            // A programmatic verifier that checks the arithmetic the model wrote (not the reference answer)
            // picks right answers among the samples that greedy decoding misses.
            let single = accuracy["single"] ?? 0
            let checked = accuracy["best-of-8-checked"] ?? 0
            #expect(checked > single, "checked best-of-8 \(checked)/20 vs single \(single)/20")
        }
    }
}
