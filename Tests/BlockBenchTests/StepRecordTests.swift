import Foundation
import Testing
import Vocabulary

@testable import BlockBench

/// The engine's side of the progress channel: one record per step it trains, as the step ends,
/// saying what the result's trace says of it.
@Suite(.timeLimit(.minutes(10)))
struct StepRecordTests {
    @Test(arguments: Schedule.allCases)
    func everyTrainedStepIsRecordedAsItsTraceHasIt(schedule: Schedule) throws {
        var c = smallConfig()
        c.dynWarmupSteps = 2
        var records: [StepRecord] = []
        let outcome = BenchRun(config: c, schedules: [schedule], threads: 1).execute(stepDone: { records.append($0) })
        let trace = try #require(outcome.traces[schedule])
        #expect(records.map(\.step) == Array(0..<trace.trainLosses.count))
        #expect(records.map(\.loss) == trace.trainLosses)
        #expect(records.map(\.activeLayers) == trace.activeLayersHist)
        #expect(records.map(\.ms) == trace.stepTimesMs)
        #expect(records.allSatisfy { $0.schedule == schedule.rawValue && $0.stepsLimit == c.steps })
        let kinds = Set(StepKind.taken(by: schedule, config: c).map(\.description))
        #expect(records.allSatisfy { kinds.contains($0.kind ?? "") })
        // A probe's loss is the one the controller learned from.
        #expect(records.filter { $0.kind == "probe" }.allSatisfy { $0.probeLoss == $0.loss })
        #expect(records.count(where: { $0.kind == "probe" }) == outcome.results[0].probeStepCount)
        #expect(records.last?.elapsedMs == outcome.results[0].elapsedMs)
    }

    @Test func aLineRoundTripsAndAHalfWrittenLineIsNotRead() throws {
        var record = StepRecord(step: 4)
        record.loss = 2.5
        record.ms = .nan
        record.budgetClock = "wall"
        let line = record.line
        #expect(!line.contains("\"ms\""))  // JSON has no NaN: left out
        record.ms = nil
        #expect(JobProgress.lastRecord(in: Substring(line)) == record)
        #expect(JobProgress.lastRecord(in: Substring(line + "{\"step\":5,\"lo")) == record)
        #expect(JobProgress.lastRecord(in: "{\"step\":5") == nil)
    }
}
