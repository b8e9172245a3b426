import BlocksweepTestSupport
import Foundation
import Testing
import Vocabulary

@testable import SweepKit

/// Builders for report tests: result records with just the numbers a test cares about.
enum ReportFixture {
    /// One schedule result; `ms` mean step time, `val` final val loss.
    static func result(
        _ schedule: Schedule, ms: Double?, val: Double?, active: Double? = nil, probes: Int? = nil,
        steps: Int? = 200
    ) -> ScheduleResult {
        var r = ScheduleResult(schedule: schedule, notes: "")
        r.meanStepMs = ms
        r.finalValLoss = val
        r.activeLayersMean = active ?? (schedule == .fullUpdate ? 18 : schedule == .staticSuffix ? 6 : nil)
        r.probeStepCount = probes ?? (schedule == .dynamicSuffix ? 20 : 0)
        r.stepsExecuted = steps
        return r
    }

    static func run(
        _ schedule: Schedule, seed: Int, ms: Double?, val: Double?, active: Double? = nil,
        device: String = "cuda (RTX 4090)", file: Int, source: String? = nil,
        configure: (inout BenchConfig) -> Void = { _ in }
    ) -> RunRecord {
        var c = BenchConfig()
        c.seed = seed
        configure(&c)
        return RunRecord(
            source: source ?? "jobs/\(schedule.rawValue)-\(seed)-\(file)/result.json", fileIndex: file,
            settings: c, device: device, result: result(schedule, ms: ms, val: val, active: active))
    }

    /// A small sweep: three dynamic points over three seeds, baselines, one failed job.
    static func sweep() -> ReportInput {
        var runs: [RunRecord] = []
        var file = 0
        let fullMs = [72.0, 73.0, 71.5]
        let fullVal = [0.100, 0.102, 0.098]
        for (i, seed) in [1, 2, 3].enumerated() {
            runs.append(run(.fullUpdate, seed: seed, ms: fullMs[i], val: fullVal[i], file: file))
            file += 1
            runs.append(run(.staticSuffix, seed: seed, ms: 38.5 + Double(i) * 0.3, val: 0.25, file: file))
            file += 1
            // Kept: ~1.25× at ~+0.5%.
            runs.append(
                run(
                    .dynamicSuffix, seed: seed, ms: [57.6, 58.9, 56.8][i], val: fullVal[i] * [1.004, 1.006, 1.005][i],
                    active: 12.5, file: file
                ) {
                    $0.dynMinActiveLayers = 8
                    $0.dynRelevanceThreshold = 0.9
                })
            file += 1
            // Rejected for quality: ~1.6× at ~+30%.
            runs.append(
                run(
                    .dynamicSuffix, seed: seed, ms: [45.0, 45.6, 44.7][i], val: fullVal[i] * [1.29, 1.31, 1.30][i],
                    active: 8.2, file: file
                ) {
                    $0.dynMinActiveLayers = 4
                    $0.dynRelevanceThreshold = 0.7
                })
            file += 1
            // Inconclusive: ~1.15× with a wide spread.
            runs.append(
                run(
                    .dynamicSuffix, seed: seed, ms: [60.0, 66.0, 63.0][i], val: fullVal[i] * 1.01,
                    active: 11, file: file
                ) {
                    $0.dynMinActiveLayers = 6
                    $0.dynRelevanceThreshold = 0.8
                })
            file += 1
        }
        let failed = UnfinishedJob(
            id: "dyn-0badc0ffee", schedule: .dynamicSuffix, seed: 3,
            params: ["dyn_min_active_layers": .int(2)], state: .failed, attempts: 2,
            reason: "exit status 1: out of memory")
        return ReportInput(title: "nightly-grid", runs: runs, unfinished: [failed], fileCount: file)
    }

    /// The reference results in Tests/Fixtures/reference-results.
    static func reference(_ names: [String]) throws -> ReportInput {
        var runs: [RunRecord] = []
        for (i, name) in names.enumerated() {
            let url = Paths.reference(name)
            let header = try JSONDecoder().decode(BenchReportHeader.self, from: Data(contentsOf: url))
            runs += RunRecord.records(of: header, source: name, fileIndex: i)
        }
        return ReportInput(title: "reference", runs: runs, fileCount: names.count)
    }

    static let tuned = "dynamic_block_schedule_tuned_20260225_163732.json"
    static let early = "dynamic_block_schedule_20260225_160512.json"
    static let smoke = "smoke_dynamic_block_schedule_equal_time.json"
}

/// Compares `text` with Fixtures/golden/`name` (GoldenFile: BLOCKSWEEP_RECORD_GOLDEN=1 re-records).
func expectGolden(_ text: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    try GoldenFile.expect(text, matches: Paths.fixture("golden/\(name)"), sourceLocation: sourceLocation)
}
