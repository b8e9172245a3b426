import Foundation

/// What a source run (a full_update baseline, or a dynamic_suffix sibling) leaves for the
/// dynamic_suffix jobs that fork from it (`record.json` in its fork folder; `baseline` names
/// the source job): its per-step losses, measured step times and active layers, the
/// per-block relevance statistics of every step a dependent probes before it diverges, and the
/// snapshots of its training state at the steps where dependents diverge.
package struct ForkRecord: Sendable, Equatable, Codable {
    /// One block's relevance statistics at one step, over both matrices: Σg², Σw², Σ|g·w|.
    package struct Relevance: Sendable, Equatable, Codable {
        package var step: Int
        /// Per block: [sum of squared gradients, sum of squared weights, sum of |g·w|].
        package var blocks: [[Double]]

        package init(step: Int, blocks: [[Double]]) {
            self.step = step
            self.blocks = blocks
        }
    }

    /// The training state before `step` (after `step` steps), in `file` next to the record.
    package struct Snapshot: Sendable, Equatable, Codable {
        package var step: Int
        package var file: String
        package var bytes: Int
        /// The jobs that fork here.
        package var jobs: [String]

        package init(step: Int, file: String, bytes: Int, jobs: [String]) {
            self.step = step
            self.file = file
            self.bytes = bytes
            self.jobs = jobs
        }
    }

    package var kind = ForkRecord.kindTag
    package var baseline: String
    package var threads: Int
    package var blasCore: String?
    package var losses: [Double]
    package var stepTimesMs: [Double]
    /// The source's active layers per step (a baseline: every block each step).
    package var activeLayers: [Int]
    package var relevance: [Relevance]
    package var snapshots: [Snapshot]

    package static let kindTag = "blocksweep-fork-record"

    package init(
        baseline: String, threads: Int, blasCore: String?, losses: [Double], stepTimesMs: [Double],
        activeLayers: [Int], relevance: [Relevance], snapshots: [Snapshot]
    ) {
        self.activeLayers = activeLayers
        self.baseline = baseline
        self.threads = threads
        self.blasCore = blasCore
        self.losses = losses
        self.stepTimesMs = stepTimesMs
        self.relevance = relevance
        self.snapshots = snapshots
    }

    enum CodingKeys: String, CodingKey {
        case kind, baseline, threads, blasCore = "blas_core", losses, stepTimesMs = "step_times_ms"
        case activeLayers = "active_layers", relevance, snapshots
    }

    /// The snapshot job `id` forks from, if the baseline made one for it.
    package func snapshot(for id: String) -> Snapshot? {
        snapshots.first { $0.jobs.contains(id) }
    }

    /// Exact text: every number round-trips, non-finite ones as strings.
    package func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    package static func decode(from data: Data) throws -> ForkRecord {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let record = try decoder.decode(ForkRecord.self, from: data)
        guard record.kind == kindTag else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "kind is not \(kindTag)"))
        }
        return record
    }
}
