import Foundation

/// What the launcher (`blocksweep slurm-task`) leaves in slurm/outcomes/<id>.attempt-<n>.json when
/// its job has ended: how it ended and why, so the runner that collects it words a failure as
/// the local executor would, even after Slurm has forgotten the task. A task Slurm killed
/// (time limit, scancel) leaves none.
package struct SlurmTaskOutcome: Sendable, Equatable, Codable {
    /// The result is checked and renamed to result.json (or, without {result}, exit 0).
    package var succeeded: Bool
    package var reason: String?
    /// False when another attempt would write the same unusable file.
    package var retryable: Bool
    package var seconds: Double
    /// Where it ran: "cpu:0" or "cuda:1" (the slot, as `{device}` saw it) and the node.
    package var device: String
    package var node: String

    package static func path(_ folder: ResultsFolder, job: String, attempt: Int) -> String {
        // Beside the other Slurm files, so jobs/<id>/ holds what a local run leaves there.
        folder.path + "/slurm/outcomes/\(job).attempt-\(attempt).json"
    }

    package static func read(_ path: String) -> SlurmTaskOutcome? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(SlurmTaskOutcome.self, from: data)
    }

    package func write(to path: String) throws(SweepRunError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do { data = try encoder.encode(self) } catch { throw .system("cannot encode \(path): \(error)") }
        try AtomicFile.write(data, to: path)
    }
}
