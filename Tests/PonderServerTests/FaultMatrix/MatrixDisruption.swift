import AsyncHTTPClient
import Foundation

/// Kills (SIGKILL) the child replica of a `killed` or `restarted` cell once a quarter of the cell's
/// requests are done, at a moment the child has a request in flight, and for `restarted` starts it
/// again on its port once the daemon has counted a failed call to it (bounded wait), so the cell always
/// shows the daemon losing the replica and then letting it back in. Runs beside the requests, never
/// blocking them.
actor MatrixDisruption {
    let fault: MatrixFault
    let replica: MatrixReplica
    let client: HTTPClient
    let total: Int
    /// Failed calls the daemon has counted against the faulty replica so far.
    let failures: @Sendable () -> Int
    private var task: Task<Void, any Error>?
    /// Requests the child had in flight when it was killed (0 when none was seen within the wait).
    private(set) var inFlightAtKill = 0
    private(set) var killed = false
    private(set) var restarted = false

    init(fault: MatrixFault, replica: MatrixReplica, client: HTTPClient, total: Int, failures: @escaping @Sendable () -> Int) {
        self.fault = fault
        self.replica = replica
        self.client = client
        self.total = total
        self.failures = failures
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
        let failedBefore = failures()
        await replica.kill()
        inFlightAtKill = inFlight
        killed = true
        guard fault == .restarted else { return }
        // On a loaded machine the request seen in flight may have ended before the kill landed, and a
        // quick restart may come back before any call tried the port: wait (bounded) until one has failed.
        let noticed = ContinuousClock.now + .seconds(10)
        while failures() <= failedBefore, ContinuousClock.now < noticed { try await Task.sleep(for: .milliseconds(5)) }
        try await replica.restart()
        restarted = true
    }

    /// Waits for the disruption to finish (it may still be restarting the child).
    func finish() async throws {
        try await task?.value
    }
}
