import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// One price per folder on resume (PricingCheck): a calibrated result counts as done only when
/// the calibration file its job reads now, byte for byte, priced it.
@Suite(.timeLimit(.minutes(10))) struct PricingCheckTests {
    /// A results folder with calibration `cal-a` and one result of job `dyn-1` priced by `priced`.
    static func folder(calibration: String, resultPricedBy name: String?, digest: String?, threads: Int = 1) throws
        -> ResultsFolder
    {
        let root = try BlocksweepBinary.temporaryFolder()
        let folder = ResultsFolder(path: root.path)
        try FileManager.default.createDirectory(atPath: folder.calibrationFolder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder.jobFolder("dyn-1"), withIntermediateDirectories: true)
        try Data(calibration.utf8).write(to: URL(fileURLWithPath: folder.result("cal-a")))
        var config: [String: Any] = ["resolved_device": "cpu", "seed": 1]
        if let name {
            config["equal_time_clock"] = "modelled"
            config["calibration"] = name
            if let digest { config["calibration_digest"] = digest }
        }
        let result: [String: Any] = [
            "config": config, "system": ["blas_threads": threads],
            "results": [
                ["schedule": "dynamic_suffix", "final_val_loss": 0.1, "train_loss_end": 0.1, "mean_step_ms": 1.0]
            ]
        ]
        try JSONSerialization.data(withJSONObject: result).write(to: URL(fileURLWithPath: folder.result("dyn-1")))
        return folder
    }

    static let calibrationJob = Job(id: "cal-a", schedule: nil, seed: 1, params: [:])
    static let dependent = Job(id: "dyn-1", schedule: .dynamicSuffix, seed: 1, params: [:], calibration: "cal-a")

    @Test func aResultPricedByTheCalibrationThereNowIsKept() throws {
        let text = "{\"prices\": 1}"
        let folder = try Self.folder(
            calibration: text, resultPricedBy: "cal-a.json", digest: CalibrationFormat.digest(of: Data(text.utf8)))
        var check = PricingCheck()
        check.note(calibration: Self.calibrationJob, done: true, measuredBefore: true, reason: nil, folder: folder)
        let problem = check.problem(of: Self.dependent, folder: folder)
        #expect(problem == nil)
        #expect(check.notes.isEmpty)
    }

    @Test func aResultPricedByAnEarlierMeasurementRunsAgain() throws {
        // The file was measured again: same name, other bytes.
        let folder = try Self.folder(
            calibration: "{\"prices\": 2}", resultPricedBy: "cal-a.json", digest: "0123456789abcdef")
        var check = PricingCheck()
        check.note(calibration: Self.calibrationJob, done: true, measuredBefore: true, reason: nil, folder: folder)
        let found = check.problem(of: Self.dependent, folder: folder)
        let problem = try #require(found)
        #expect(problem.hasPrefix("repriced: priced by another measurement of cal-a.json (digest 0123456789abcdef"))
        #expect(
            check.notes == [
                "calibration cal-a holds other prices than some results were priced by: 1 result priced by other "
                    + "prices run again (one price per folder, docs/benchmark.md)"
            ])
    }

    @Test func aResultFromBeforeDigestsOrFromAnotherCalibrationRunsAgain() throws {
        let undigested = try Self.folder(calibration: "{}", resultPricedBy: "cal-a.json", digest: nil)
        var check = PricingCheck()
        check.note(calibration: Self.calibrationJob, done: true, measuredBefore: true, reason: nil, folder: undigested)
        let undigestedProblem = check.problem(of: Self.dependent, folder: undigested)
        #expect(undigestedProblem?.contains("a file from before digests") == true)

        let other = try Self.folder(calibration: "{}", resultPricedBy: "cal-b.json", digest: "1")
        check.note(calibration: Self.calibrationJob, done: true, measuredBefore: true, reason: nil, folder: other)
        let otherProblem = check.problem(of: Self.dependent, folder: other)
        #expect(
            otherProblem
                == "repriced: priced by cal-b.json, the sweep now prices with cal-a.json, so the job runs again")
    }

    @Test func everyResultOfACalibrationThatIsMeasuredAgainOrNewRunsAgain() throws {
        let folder = try Self.folder(calibration: "{}", resultPricedBy: "cal-a.json", digest: "1")
        var again = PricingCheck()
        again.note(
            calibration: Self.calibrationJob, done: false, measuredBefore: true, reason: "its file is missing",
            folder: folder)
        let againProblem = again.problem(of: Self.dependent, folder: folder)
        #expect(
            againProblem
                == "repriced: its calibration cal-a is measured again (its file is missing), so the job runs again")
        var new = PricingCheck()
        new.note(calibration: Self.calibrationJob, done: false, measuredBefore: false, reason: nil, folder: folder)
        let newProblem = new.problem(of: Self.dependent, folder: folder)
        #expect(newProblem?.contains("is new to this folder") == true)
    }
}
