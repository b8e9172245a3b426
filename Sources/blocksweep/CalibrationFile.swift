import BlockBench
import Foundation
import SweepRunner
import Vocabulary

/// `bench --calibration`: a `blocksweep calibrate` file, checked to price this very run.
enum CalibrationFile {
    /// The record, and the digest of the file's bytes that the result records
    /// (`config.calibration_digest`).
    static func load(
        _ path: String, for config: BenchConfig, threads: Int, schedules: [Schedule]
    ) throws -> (record: CalibrationRecord, digest: String) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(message: "--calibration \(path): cannot read the file")
        }
        let record: CalibrationRecord
        do { record = try CalibrationRecord.decode(from: data) } catch {
            throw CLIError(
                message: "--calibration \(path): not a calibration JSON from `blocksweep calibrate` (\(error))")
        }
        if let mismatch = record.mismatch(config: config, threads: threads) {
            throw CLIError(message: "--calibration \(path): \(mismatch)")
        }
        if let missing = record.uncalibratedKinds(schedules: schedules, config: config) {
            throw CLIError(message: "--calibration \(path): \(missing)")
        }
        if !record.converged {
            ConsoleOutput.err(
                "note: --calibration \(path): calibration stopped at its \(record.capSeconds) s cap "
                    + "before every cost was within ±\(record.target * 100)%\n")
        }
        return (record, CalibrationFormat.digest(of: data))
    }
}
