import Foundation
import Testing

/// The fault matrix: every fault of `MatrixFault` × `single`, `best-of-4` and `beam-prm`, with one
/// faulty replica and one healthy one behind the daemon's endpoint. Every client request must succeed
/// and answer exactly what a fault-free run with the same seed answers (a retry resends the same body,
/// seed included, and the sim's output is a function of the seed, so a retried call gives the same
/// text). `PONDER_FAULT_MATRIX_REQUESTS` sets the requests per cell (20 by default; 200 for the full
/// run); the table is printed to standard output. Latency is reported, never asserted.
@Suite struct FaultMatrixTests {
    static let strategies = ["single", "best-of-4", "beam-prm"]

    static var requestsPerCell: Int {
        ProcessInfo.processInfo.environment["PONDER_FAULT_MATRIX_REQUESTS"].flatMap { Int($0) }.map { max(1, $0) } ?? 20
    }

    @Test func everyRequestSucceedsWithOneHealthyReplicaAndAnswersMatchTheFaultFreeRun() async throws {
        let requests = Self.requestsPerCell
        let clock = ContinuousClock()
        let started = clock.now
        var cells: [MatrixCell] = []
        var baselines: [String: [String]] = [:]
        for strategy in Self.strategies {
            let cell = try await MatrixCell.run(fault: nil, strategy: strategy, requests: requests, baseline: nil)
            baselines[strategy] = cell.outcomes.map(\.answer)
            cells.append(cell)
        }
        let answers = baselines
        // Cells that mostly wait out timeouts first, so they overlap the CPU-bound ones.
        let faults = MatrixFault.allCases.filter(\.waitsOnTimeouts) + MatrixFault.allCases.filter { !$0.waitsOnTimeouts }
        let jobs = faults.flatMap { fault in Self.strategies.map { (fault, $0) } }
        try await withThrowingTaskGroup(of: MatrixCell.self) { group in
            var pending = jobs.makeIterator()
            func add() {
                guard let (fault, strategy) = pending.next() else { return }
                group.addTask {
                    try await MatrixCell.run(fault: fault, strategy: strategy, requests: requests, baseline: answers[strategy])
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
        print(MatrixTable.render(cells, strategies: Self.strategies))
        for cell in cells where cell.fault?.usesChildProcess == true {
            print(
                "\(cell.fault!.rawValue) × \(cell.strategy): \(cell.inFlightAtKill ?? 0) request(s) in flight at SIGKILL"
                    + (cell.servedAfterRestart.map { ", restarted replica served \($0) after being let back in" } ?? ""))
        }

        for cell in cells {
            let name = "\(cell.fault?.rawValue ?? "fault-free") × \(cell.strategy)"
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
