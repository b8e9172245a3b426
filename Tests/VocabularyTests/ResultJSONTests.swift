import Foundation
import Testing

@testable import Vocabulary

@Suite(.timeLimit(.minutes(10))) struct ResultJSONTests {
    static let referenceFiles =
        (try? FileManager.default.contentsOfDirectory(atPath: referenceResults.path))?
        .filter { $0.hasSuffix(".json") }.sorted() ?? []

    @Test func referenceFilesArePresent() { #expect(Self.referenceFiles.count == 6) }

    @Test(arguments: referenceFiles) func referenceFileDecodes(_ name: String) throws {
        let data = try Data(contentsOf: referenceResults.appendingPathComponent(name))
        let report = try BenchReport.decode(from: data)
        #expect(report.results.map(\.schedule) == Schedule.allCases)
        #expect(report.config.settings.dmodel > 0)
        #expect(report.traces.count == 3)
        // And it survives our encoder unchanged in meaning.
        #expect(try BenchReport.decode(from: report.jsonData()) == report)
    }

    @Test func olderFilesTakeReferenceDefaultsForMissingKeys() throws {
        let data = try Data(
            contentsOf: referenceResults.appendingPathComponent(
                "dynamic_block_schedule_20260225_160512.json"))
        let report = try BenchReport.decode(from: data)
        #expect(report.results[0].stepsExecuted == nil, "this early file has no steps_executed")
        #expect(report.config.settings.equalTimeBudget == false)
        #expect(report.config.settings.dynFinalRecoveryMode == .full)
        #expect(report.config.settings.dynRelevanceThreshold == 0.7)
        #expect(report.config.settings.dynMaxActiveLayers == 10)
    }

    @Test func referenceTraceEventsKeepTheirKinds() throws {
        let data = try Data(
            contentsOf: referenceResults.appendingPathComponent("dynamic_ab_saliency_20260225_171708.json"))
        let trace = try #require(try BenchReport.decode(from: data).traces[.dynamicSuffix]?.dynamicTrace)
        let freeze = trace.compactMap { if case .freeze(let e) = $0 { e } else { nil } }
        #expect(freeze.map(\.step) == [364])
        #expect(freeze.first?.trigger.stableOk == true)
        let stages = trace.compactMap { if case .recovery(let e) = $0 { e.stage } else { nil } }
        #expect(stages == ["stage1", "stage2", "stage3_full"])
        guard case .probe(let first) = trace[0] else {
            Issue.record("first event is a probe")
            return
        }
        #expect(first.probeLossEmaPrev == nil)
        #expect(first.emaScores.count == 18)
    }

    @Test func ourConfigHasEveryReferenceKey() throws {
        let reference =
            try JSONSerialization.jsonObject(
                with: Data(
                    contentsOf: referenceResults.appendingPathComponent(
                        "dynamic_ab_saliency_20260225_171708.json"))) as! [String: Any]
        let referenceKeys = Set((reference["config"] as! [String: Any]).keys)
        let ours =
            try JSONSerialization.jsonObject(
                with: JSONEncoder().encode(
                    ConfigRecord(settings: BenchConfig(), resolvedDevice: "cpu"))) as! [String: Any]
        #expect(referenceKeys.subtracting(ours.keys).isEmpty, "missing: \(referenceKeys.subtracting(ours.keys))")
        let resultKeys = Set(((reference["results"] as! [[String: Any]])[0]).keys)
        var row = ScheduleResult(schedule: .fullUpdate, notes: "")
        row.stepsExecuted = 1
        row.activeLayersMin = 1
        row.activeLayersMax = 1
        row.probeStepCount = 0
        let ourRow = try JSONSerialization.jsonObject(with: JSONEncoder().encode(row)) as! [String: Any]
        #expect(resultKeys == Set(ourRow.keys))
    }
}
