import Testing

@testable import SweepKit

/// The bound on the jobs a sweep can expand to and the memory they take, which `--max-jobs` is
/// checked against before planning (the binary's refusal: EndToEndTests/MaxJobsMemoryTests).
@Suite(.timeLimit(.minutes(10))) struct PlanMemoryTests {
    @Test func theBoundCountsSchedulesSeedsAndBaselines() throws {
        let s = try spec(header + "seeds: [1, 2]\ngrid:\n  lr: [0.1, 0.2, 0.3]\n")
        #expect(PlanMemory.jobBound(s, maxJobs: 1_000) == 3 * 2 * 4)
        #expect(PlanMemory.jobBound(s, maxJobs: 10) == 10)
        #expect(PlanMemory.bytes(jobs: 1_000_000) == 1_600_000_000 + PlanMemory.baseBytes)
    }
}
