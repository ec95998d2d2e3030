import AsyncHTTPClient
import Foundation

/// Kills (SIGKILL) the child replica of a `killed` or `restarted` cell once a quarter of the cell's
/// requests are done, at a moment the child has a request in flight, and for `restarted` starts it
/// again on its port once half are done. Runs beside the requests, never blocking them.
actor MatrixDisruption {
    let fault: MatrixFault
    let replica: MatrixReplica
    let client: HTTPClient
    let total: Int
    private var task: Task<Void, any Error>?
    /// Requests the child had in flight when it was killed (0 when none was seen within the wait).
    private(set) var inFlightAtKill = 0
    private(set) var killed = false
    private(set) var restarted = false

    init(fault: MatrixFault, replica: MatrixReplica, client: HTTPClient, total: Int) {
        self.fault = fault
        self.replica = replica
        self.client = client
        self.total = total
    }

    func progress(done: Int) {
        guard fault.usesChildProcess, task == nil, done >= max(1, total / 4) else { return }
        task = Task { try await disrupt() }
    }

    private func disrupt() async throws {
        // Bounded wait for a request in flight at the child, so the kill lands mid-request.
        let deadline = ContinuousClock.now + .seconds(5)
        var inFlight = 0
        while ContinuousClock.now < deadline {
            inFlight = await replica.stats(client: client).inFlight
            if inFlight > 0 { break }
            try await Task.sleep(for: .milliseconds(2))
        }
        await replica.kill()
        inFlightAtKill = inFlight
        killed = true
        guard fault == .restarted else { return }
        try await replica.restart()
        restarted = true
    }

    /// Waits for the disruption to finish (it may still be restarting the child).
    func finish() async throws {
        try await task?.value
    }
}
