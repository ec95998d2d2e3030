import Foundation
import PonderSim

/// One cell of the fault matrix: `requests` client requests through one strategy, with one faulty
/// replica (see `MatrixFault`) and one healthy in-process sim behind the endpoint.
struct MatrixCell: Sendable {
    var fault: MatrixFault?
    var column: MatrixColumn
    var strategy: String { column.strategy }
    var outcomes: [FaultMatrixRig.Outcome]
    /// Indices whose answer differs from the fault-free run's (empty when no baseline was given).
    var mismatches: [Int]
    /// Faults the faulty sim injected, or failed calls the daemon counted against the faulty replica.
    var faultsSeen: Int
    /// Requests the faulty replica had in flight when it was SIGKILLed (`killed`, `restarted`).
    var inFlightAtKill: Int?
    /// For `restarted`: requests the restarted child served once the daemon let it back in.
    var servedAfterRestart: Int?

    var successes: Int { outcomes.filter { $0.status == 200 && !$0.answer.isEmpty }.count }
    var requests: Int { outcomes.count }
    var failures: [FaultMatrixRig.Outcome] { outcomes.filter { $0.status != 200 || $0.answer.isEmpty } }
    var p99Milliseconds: Double { Percentile.of(outcomes.map(\.seconds), 0.99) * 1000 }

    /// Runs the cell on a fresh rig; `baseline` holds the fault-free answers by request index.
    static func run(fault: MatrixFault?, column: MatrixColumn, requests: Int, baseline: [String]?) async throws -> MatrixCell {
        let faulty: MatrixReplica
        if let fault { faulty = try await fault.faultyReplica() } else { faulty = try await .inProcess() }
        let healthy = try await MatrixReplica.inProcess()
        return try await FaultMatrixRig.with([faulty, healthy]) { rig in
            let engine = rig.engine
            let disruption = fault.map {
                MatrixDisruption(fault: $0, replica: faulty, client: rig.client, total: requests) {
                    engine.endpoints.clients.first?.pool.snapshot().counters[0].failures ?? 0
                }
            }
            let outcomes = await rig.run(strategy: column.strategy, indices: 0..<requests, stream: column.stream) { done in
                await disruption?.progress(done: done)
            }
            try await disruption?.finish()
            var cell = MatrixCell(
                fault: fault, column: column, outcomes: outcomes, mismatches: [], faultsSeen: 0)
            if let baseline {
                cell.mismatches = outcomes.filter { $0.answer != baseline[$0.index] }.map(\.index)
            }
            if let kind = fault?.simFault {
                cell.faultsSeen = await faulty.stats(client: rig.client).faults[kind.rawValue, default: 0]
            } else {
                cell.faultsSeen = rig.poolSnapshot()?.counters[0].failures ?? 0
            }
            if let disruption {
                cell.inFlightAtKill = await disruption.killed ? disruption.inFlightAtKill : nil
                if fault == .restarted {
                    cell.servedAfterRestart = try await Self.awaitServing(faulty, rig: rig, column: column, from: requests)
                }
            }
            return cell
        }
    }

    /// Keeps sending requests (bounded: 30 s) until the restarted replica has served one, which shows
    /// the daemon let it back in by itself; returns how many it had served.
    static func awaitServing(_ replica: MatrixReplica, rig: FaultMatrixRig, column: MatrixColumn, from index: Int) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(30)
        var next = index
        while ContinuousClock.now < deadline {
            let served = await replica.stats(client: rig.client).modelRequests
            if served > 0 { return served }
            _ = await rig.run(strategy: column.strategy, indices: next..<(next + 4), stream: column.stream)
            next += 4
            try await Task.sleep(for: .milliseconds(50))
        }
        return 0
    }
}

/// The nearest-rank percentile of a sample.
enum Percentile {
    static func of(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }
}
