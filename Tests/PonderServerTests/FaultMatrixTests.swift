import Foundation
import Testing

/// The fault matrix: every fault of `MatrixFault` × `single`, `best-of-4` and `beam-prm` answered whole,
/// and `single` (the model's tokens passed through) and `best-of-4` streamed, with one faulty replica and
/// one healthy one behind the daemon's endpoint. Every client request must succeed and answer exactly
/// what a fault-free run with the same seed answers (a retry resends the same body, seed included, and
/// the sim's output is a function of the seed, so a retried call gives the same text). A streamed
/// request succeeds only when its events are whole (no error event, a usage chunk, `[DONE]`) and its
/// joined deltas equal the fault-free stream's: for `single`, a stream the upstream breaks off after
/// the daemon has forwarded part of it (reset or SIGKILL mid-body, a stall or trickle cut by the
/// timeouts, a body that breaks off) is resumed on the other replica without repeating a byte (see
/// `StreamReplay`). `PONDER_FAULT_MATRIX_REQUESTS` sets the requests per cell (20 by default; 200 for
/// the full run); the table is printed to standard output. Latency is reported, never asserted.
@Suite struct FaultMatrixTests {
    static let columns = [
        MatrixColumn(strategy: "single"), MatrixColumn(strategy: "best-of-4"), MatrixColumn(strategy: "beam-prm"),
        MatrixColumn(strategy: "single", stream: true), MatrixColumn(strategy: "best-of-4", stream: true),
    ]

    static var requestsPerCell: Int {
        ProcessInfo.processInfo.environment["PONDER_FAULT_MATRIX_REQUESTS"].flatMap { Int($0) }.map { max(1, $0) } ?? 20
    }

    @Test func everyRequestSucceedsWithOneHealthyReplicaAndAnswersMatchTheFaultFreeRun() async throws {
        let requests = Self.requestsPerCell
        let clock = ContinuousClock()
        let started = clock.now
        var cells: [MatrixCell] = []
        var baselines: [MatrixColumn: [String]] = [:]
        for column in Self.columns {
            let cell = try await MatrixCell.run(fault: nil, column: column, requests: requests, baseline: nil)
            baselines[column] = cell.outcomes.map(\.answer)
            cells.append(cell)
        }
        let answers = baselines
        // Cells that mostly wait out timeouts first, so they overlap the CPU-bound ones.
        let faults = MatrixFault.allCases.filter(\.waitsOnTimeouts) + MatrixFault.allCases.filter { !$0.waitsOnTimeouts }
        let jobs = faults.flatMap { fault in Self.columns.map { (fault, $0) } }
        try await withThrowingTaskGroup(of: MatrixCell.self) { group in
            var pending = jobs.makeIterator()
            func add() {
                guard let (fault, column) = pending.next() else { return }
                group.addTask {
                    try await MatrixCell.run(fault: fault, column: column, requests: requests, baseline: answers[column])
                }
            }
            // Four cells at a time: quicker, and the concurrency is part of the test.
            for _ in 0..<4 { add() }
            while let cell = try await group.next() {
                cells.append(cell)
                add()
            }
        }
        print("Fault matrix, \(requests) requests per cell (successes/requests, p99 latency), in \(clock.now - started):")
        print(MatrixTable.render(cells, columns: Self.columns))
        for cell in cells where cell.fault?.usesChildProcess == true {
            print(
                "\(cell.fault!.rawValue) × \(cell.column.title): \(cell.inFlightAtKill ?? 0) request(s) in flight at SIGKILL"
                    + (cell.servedAfterRestart.map { ", restarted replica served \($0) after being let back in" } ?? ""))
        }

        for cell in cells {
            let name = "\(cell.fault?.rawValue ?? "fault-free") × \(cell.column.title)"
            #expect(cell.successes == requests, "\(name): failed \(cell.failures.prefix(3).map { "\($0.status) \($0.answer.prefix(300))" })")
            #expect(cell.mismatches.isEmpty, "\(name): answers differ from the fault-free run at \(cell.mismatches.prefix(10))")
            if let fault = cell.fault {
                #expect(cell.faultsSeen >= 1, "\(name): the fault never reached the daemon")
                if fault.usesChildProcess { #expect(cell.inFlightAtKill != nil, "\(name): the child was not killed") }
                if fault == .restarted {
                    #expect((cell.servedAfterRestart ?? 0) >= 1, "\(name): the restarted replica was never let back in")
                }
            }
        }
    }
}
