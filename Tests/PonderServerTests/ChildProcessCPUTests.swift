import Foundation
import PonderBench
import Testing

@Suite struct ChildProcessCPUTests {
    @Test func readsUserAndSystemTicksAfterTheCommandName() {
        // The command name may hold spaces and parentheses; fields are counted from the last ')'.
        let line = "4242 (pon der) (x)) S 1 4242 4242 0 -1 4194304 500 0 0 0 1234 567 0 0 20 0 9 0 100 0 0"
        let ticks = ChildProcessCPU.ticks(fromStat: line)
        #expect(ticks?.user == 1234)
        #expect(ticks?.system == 567)
        #expect(ChildProcessCPU.ticks(fromStat: "garbage") == nil)
    }

    @Test func thisProcessHasCPUTime() {
        #if os(Linux)
        #expect(ChildProcessCPU.ticksPerSecond > 0)
        #expect(ChildProcessCPU.seconds(pid: getpid()) != nil)
        #endif
    }
}
