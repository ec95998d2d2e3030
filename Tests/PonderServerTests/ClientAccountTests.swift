import Testing

@testable import PonderServer

@Suite struct ClientAccountTests {
    @Test func requestsPerMinuteRefillsContinuously() {
        let start = 1_000_000.0
        let account = ClientAccount(name: "a", requestsPerMinute: 3, tokensPerDay: nil, now: start)
        for _ in 0..<3 { #expect(account.admitRequest(now: start) == nil) }
        let refusal = account.admitRequest(now: start)
        #expect(refusal?.retryAfterSeconds == 20, "one request comes back every 20 s at 3 per minute")
        #expect(account.admitRequest(now: start + 19) != nil)
        #expect(account.admitRequest(now: start + 20.5) == nil)
        #expect(account.admitRequest(now: start + 20.6) != nil)
    }

    @Test func tokensPerDayResetAtUTCMidnight() {
        let dayStart = 86_400.0 * 20_000
        let account = ClientAccount(name: "b", requestsPerMinute: nil, tokensPerDay: 100, now: dayStart + 10)
        #expect(account.admitRequest(now: dayStart + 10) == nil)
        account.charge(tokens: 150, now: dayStart + 20)
        let refusal = account.admitRequest(now: dayStart + 30)
        #expect(refusal != nil)
        #expect(refusal?.retryAfterSeconds == 86_400 - 30)
        #expect(account.admitRequest(now: dayStart + 86_400 + 1) == nil, "a new day, a new allowance")
        #expect(account.tokensToday == 0)
    }

    @Test func directoryFindsKeysByFullComparison() {
        let a = ClientAccount(name: "a", requestsPerMinute: nil, tokensPerDay: nil)
        let directory = ClientDirectory([("sk-alpha", a)])
        #expect(directory.account(for: "sk-alpha") === a)
        #expect(directory.account(for: "sk-alph") == nil)
        #expect(directory.account(for: "sk-alphaa") == nil)
        #expect(directory.account(for: "") == nil)
    }

    @Test func theBearerSchemeIsReadInAnyCase() {
        let a = ClientAccount(name: "a", requestsPerMinute: nil, tokensPerDay: nil)
        let directory = ClientDirectory([("sk-alpha", a)])
        for header in ["Bearer sk-alpha", "bearer sk-alpha", "BEARER sk-alpha", "Bearer  sk-alpha"] {
            #expect(directory.account(authorization: header) === a, "\(header)")
        }
        for header in ["Basic sk-alpha", "Bearersk-alpha", "sk-alpha", "Bearer", "Bearer sk-alpha ", "Token sk-alpha"] {
            #expect(directory.account(authorization: header) == nil, "\(header)")
        }
        #expect(directory.account(authorization: nil) == nil)
    }
}

@Suite struct AdmissionControlTests {
    @Test func admitsUpToTheLimitThenQueuesThenRefuses() async {
        let control = AdmissionControl(limit: 2, queueDepth: 1, queueTimeout: .seconds(30))
        #expect(await control.acquire())
        #expect(await control.acquire())
        let waiter = Task { await control.acquire() }
        while control.snapshot.queued == 0 { await Task.yield() }
        #expect(await control.acquire() == false, "the queue of one is full")
        control.release()
        #expect(await waiter.value, "the waiter takes the freed place")
        #expect(control.snapshot == .init(running: 2, queued: 0))
        control.release()
        control.release()
        #expect(control.snapshot == .init(running: 0, queued: 0))
    }

    @Test func aWaiterTimesOutOrLeavesWhenCancelled() async {
        let control = AdmissionControl(limit: 1, queueDepth: 4, queueTimeout: .milliseconds(20))
        #expect(await control.acquire())
        #expect(await control.acquire() == false, "timed out in the queue")
        let patient = AdmissionControl(limit: 1, queueDepth: 4, queueTimeout: .seconds(60))
        #expect(await patient.acquire())
        let waiter = Task { await patient.acquire() }
        while patient.snapshot.queued == 0 { await Task.yield() }
        waiter.cancel()
        #expect(await waiter.value == false)
        #expect(patient.snapshot == .init(running: 1, queued: 0))
        patient.release()
        #expect(patient.snapshot.running == 0, "a cancelled waiter does not hold a place")
    }
}
