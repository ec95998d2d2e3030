import PonderCore

/// Drives generated requests through a request check and tallies what became of them. The check is
/// passed in (the daemon's `RequestScreen`, in-process), so this module needs no server.
///
/// A case fails when its outcome breaks the contract: a refusal that is not a 4xx or has no message,
/// a request without the valid key that is not refused with 401 (or one with it that is), or a check
/// that takes longer than `slowCaseSeconds`. A crash ends the process, so it needs no tally.
public enum FuzzRun {
    /// What the check said about one case.
    public enum Outcome: Sendable {
        case accepted
        case rejected(status: Int, message: String)
    }

    public static let keptFailures = 20
    public static let slowCaseSeconds = 2.0

    public static func run(
        cases: Int, seed: UInt64, target: FuzzRequestGenerator.Target, check: (FuzzCase) -> Outcome
    ) -> FuzzReport {
        var generator = FuzzRequestGenerator(seed: seed, target: target)
        var report = FuzzReport(
            seed: seed, cases: cases, seconds: 0, casesPerSecond: 0, accepted: 0, rejected: [:], kinds: [:], failureCount: 0,
            failures: [], slowestCaseMilliseconds: 0)
        let clock = ContinuousClock()
        let started = clock.now
        for index in 0..<cases {
            let request = generator.next()
            let caseStarted = clock.now
            let outcome = check(request)
            let seconds = (clock.now - caseStarted).inSeconds
            report.slowestCaseMilliseconds = max(report.slowestCaseMilliseconds, seconds * 1000)
            report.kinds[request.kind, default: 0] += 1
            switch outcome {
            case .accepted: report.accepted += 1
            case .rejected(let status, _): report.rejected[status, default: 0] += 1
            }
            var problem = problems(of: outcome, for: request)
            if seconds > slowCaseSeconds { problem.append("took \(Int(seconds * 1000)) ms") }
            if !problem.isEmpty {
                report.failureCount += 1
                if report.failures.count < keptFailures {
                    report.failures.append(
                        FuzzReport.Failure(
                            index: index, kind: request.kind, problem: problem.joined(separator: "; "),
                            headers: request.headers.map { "\($0.name): \($0.value.prefix(40))" }.joined(separator: " | "),
                            bodyPrefix: String(decoding: request.body.prefix(160), as: UTF8.self)))
                }
            }
        }
        report.seconds = (clock.now - started).inSeconds
        report.casesPerSecond = report.seconds > 0 ? Double(cases) / report.seconds : 0
        return report
    }

    /// What is wrong with an outcome, if anything.
    public static func problems(of outcome: Outcome, for request: FuzzCase) -> [String] {
        var problems: [String] = []
        switch outcome {
        case .accepted:
            if !request.hasValidKey { problems.append("accepted without the valid API key") }
        case .rejected(let status, let message):
            if !(400..<500).contains(status) { problems.append("status \(status), not a 4xx") }
            if message.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("status \(status) with an empty message") }
            if request.hasValidKey, status == 401 { problems.append("401 with the valid API key") }
            if !request.hasValidKey, status != 401 { problems.append("status \(status) without the valid API key, not 401") }
        }
        return problems
    }
}
