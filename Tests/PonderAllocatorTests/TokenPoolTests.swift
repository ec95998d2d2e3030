import PonderAllocator
import Synchronization
import Testing

@Suite struct TokenPoolTests {
    @Test func capsAreTheEstimateTimesTheHeadroomWhileTokensLast() {
        let pool = TokenPool(available: 1000, planned: 0, headroom: 2)
        #expect(pool.reserve(estimate: 300) == 600)
        #expect(pool.available == 400)
        #expect(pool.reserve(estimate: 300) == 400)
        #expect(pool.available == 0)
        #expect(pool.reserve(estimate: 300) == 0)
        pool.settle(cap: 600, used: 100)
        #expect(pool.available == 500)
        // Using more than the cap gives nothing back and takes nothing more.
        pool.settle(cap: 400, used: 450)
        #expect(pool.available == 500)
    }

    @Test func headroomRoundsUpAndIsAtLeastOne() {
        #expect(TokenPool(available: 100, planned: 0, headroom: 1.5).reserve(estimate: 3) == 5)
        #expect(TokenPool(available: 100, planned: 0, headroom: 0.25).reserve(estimate: 10) == 10)
        #expect(TokenPool(available: 100, planned: 0).reserve(estimate: 10) == 20)
        #expect(TokenPool(available: -50, planned: 0).reserve(estimate: 10) == 0)
        #expect(TokenPool(available: -50, planned: 0).available == 0)
    }

    @Test func aReservationLeavesTheOutstandingEstimates() {
        // Three plans estimated at 300 each: the first may take its headroom only as far as the other two
        // still get their estimates.
        let pool = TokenPool(available: 1000, planned: 900, headroom: 2)
        #expect(pool.reserve(estimate: 300) == 400)
        #expect(pool.available == 600)
        #expect(pool.reserve(estimate: 300) == 300)
        #expect(pool.available == 300)
        #expect(pool.reserve(estimate: 300) == 300)
        #expect(pool.available == 0)
    }

    @Test func returnedTokensGoToLaterReservations() {
        let pool = TokenPool(available: 1000, planned: 600, headroom: 2)
        let first = pool.reserve(estimate: 300)
        #expect(first == 600)
        pool.settle(cap: first, used: 100)
        #expect(pool.available == 900)
        #expect(pool.reserve(estimate: 300) == 600)
    }

    @Test func tightBudgetSharesWhatThereIs() {
        // Less available than planned: no reservation may starve the ones still to come below zero, and the
        // total never passes what is available.
        let pool = TokenPool(available: 500, planned: 600, headroom: 2)
        let first = pool.reserve(estimate: 300)
        let second = pool.reserve(estimate: 300)
        #expect(first == 200)
        #expect(second == 300)
        #expect(first + second == 500)
        #expect(pool.available == 0)
    }

    @Test func reserveShareSplitsWhatIsLeftBeyondThePlans() {
        let pool = TokenPool(available: 1000, planned: 200)
        #expect(pool.reserveShare(upTo: 500, waiting: 4) == 200)
        #expect(pool.available == 800)
        #expect(pool.reserveShare(upTo: 100, waiting: 3) == 100)
        #expect(pool.available == 700)
        // waiting 0 counts as one.
        #expect(pool.reserveShare(upTo: 10_000, waiting: 0) == 500)
        #expect(pool.available == 200)
        // Only the planned estimates are left: nothing to share.
        #expect(pool.reserveShare(upTo: 100, waiting: 1) == 0)
        #expect(pool.available == 200)
        // The plans still get their estimates.
        #expect(pool.reserve(estimate: 200) == 200)
    }

    @Test func reserveShareWithNegativeRoomGivesZero() {
        let pool = TokenPool(available: 100, planned: 300)
        #expect(pool.reserveShare(upTo: 50, waiting: 1) == 0)
        #expect(pool.available == 100)
    }

    /// A long random sequence of reservations and settlements: what is out (caps reserved less tokens
    /// returned) never exceeds the initial budget, and `available` always accounts for the rest.
    @Test(arguments: [1 as UInt64, 2, 3, 4, 5])
    func outstandingNeverExceedsTheBudget(seed: UInt64) {
        var random = TestRandom(seed: seed)
        let initial = 5_000 + Int(random.next() % 5_000)
        let estimates = (0..<40).map { _ in Int(random.next() % 400) }
        let pool = TokenPool(
            available: initial, planned: estimates.reduce(0, +), headroom: 1 + Double(random.next() % 300) / 100)
        var open: [Int] = []
        var used = 0
        var next = 0
        while next < estimates.count || !open.isEmpty {
            let startNew = next < estimates.count && (open.isEmpty || random.next() % 2 == 0)
            if startNew {
                if random.next() % 4 == 0 {
                    open.append(pool.reserveShare(upTo: 300, waiting: 1 + Int(random.next() % 5)))
                } else {
                    open.append(pool.reserve(estimate: estimates[next]))
                    next += 1
                }
            } else {
                let cap = open.remove(at: Int(random.next() % UInt64(open.count)))
                let spent = cap == 0 ? 0 : Int(random.next() % UInt64(cap + 1))
                pool.settle(cap: cap, used: spent)
                used += spent
            }
            let outstanding = open.reduce(0, +)
            #expect(outstanding + used <= initial)
            #expect(pool.available == initial - used - outstanding)
            #expect(pool.available >= 0)
        }
        #expect(pool.available == initial - used)
    }

    /// Many tasks reserve, spend a random amount up to their cap, and settle, all at once: the tokens
    /// spent never exceed the budget, and every unspent token comes back.
    @Test(arguments: [11 as UInt64, 12, 13])
    func concurrentReservationsNeverOverspend(seed: UInt64) async {
        let initial = 20_000
        let tasks = 200
        var random = TestRandom(seed: seed)
        let plans = (0..<tasks).map { _ in (estimate: Int(random.next() % 300), seed: random.next()) }
        let pool = TokenPool(available: initial, planned: plans.map(\.estimate).reduce(0, +), headroom: 2)
        let counters = Counters()
        let spent = await withTaskGroup(of: Int.self) { group in
            for plan in plans {
                group.addTask {
                    var random = TestRandom(seed: plan.seed)
                    let cap =
                        random.next() % 5 == 0
                        ? pool.reserveShare(upTo: 200, waiting: 1 + Int(random.next() % 10))
                        : pool.reserve(estimate: plan.estimate)
                    let now = counters.outstanding.add(cap, ordering: .sequentiallyConsistent).newValue
                    counters.peak.max(now, ordering: .sequentiallyConsistent)
                    await Task.yield()
                    let used = cap == 0 ? 0 : Int(random.next() % UInt64(cap + 1))
                    // Count what was used as still out until it is settled, then release the cap.
                    counters.outstanding.subtract(cap - used, ordering: .sequentiallyConsistent)
                    pool.settle(cap: cap, used: used)
                    return used
                }
            }
            var total = 0
            for await used in group { total += used }
            return total
        }
        #expect(spent <= initial)
        #expect(spent > 0)
        #expect(counters.peak.load(ordering: .sequentiallyConsistent) <= initial)
        #expect(counters.outstanding.load(ordering: .sequentiallyConsistent) == spent)
        #expect(pool.available == initial - spent)
    }
}

/// Shared counters for the concurrent test: caps out (reserved, not yet returned) and their peak.
final class Counters: Sendable {
    let outstanding = Atomic<Int>(0)
    let peak = Atomic<Int>(0)
}
