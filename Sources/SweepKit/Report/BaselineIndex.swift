import Vocabulary

/// Finds the full_update result a run is compared with: the one in the same file when the file
/// holds all schedules (the reference script's layout), else one of the same seed, device and
/// every setting full_update depends on (BenchParameter.schedules says which).
struct BaselineIndex {
    struct Baseline {
        var source: String
        /// Means over the matching runs' finite values (a baseline repeated at one seed).
        var meanStepMs: Double?
        /// The same over modelled step times; nil unless every matching run has them.
        var modelledMeanStepMs: Double?
        var valLoss: Double?
        /// A matching full_update run ended with a non-finite val loss: why `valLoss` is nil.
        var diverged: Bool
    }

    private struct Key: Hashable {
        var seed: Int
        var device: String
        var values: [ParameterValue]
    }

    /// The settings that make a full_update row (the seed is part of the key on its own).
    private static let fullParameters = GroupKey.relevant[.baseline]!

    private var byFile: [Int: [RunRecord]] = [:]
    private var byKey: [Key: [RunRecord]] = [:]

    init(_ runs: [RunRecord]) {
        for run in runs where run.result.schedule.isBaseline {
            byFile[run.fileIndex, default: []].append(run)
            byKey[Self.key(run), default: []].append(run)
        }
    }

    func baseline(for run: RunRecord) -> Baseline? {
        let candidates = byFile[run.fileIndex] ?? byKey[Self.key(run)] ?? []
        guard let first = candidates.first else { return nil }
        let ms = candidates.compactMap(\.result.meanStepMs).filter { $0.isFinite && $0 > 0 }
        // A baseline without a finite val loss cannot anchor a quality comparison.
        let vals = candidates.compactMap(\.result.finalValLoss).filter { $0.isFinite && $0 > 0 }
        // null is how a non-finite loss reaches JSON (NaN tokens are read as null too).
        let diverged = candidates.contains(where: \.diverged)
        let modelled = candidates.compactMap(\.result.modelledMeanStepMs).filter { $0.isFinite && $0 > 0 }
        return Baseline(
            source: first.source,
            meanStepMs: ms.isEmpty ? nil : ms.reduce(0, +) / Double(ms.count),
            modelledMeanStepMs: modelled.count == candidates.count
                ? modelled.reduce(0, +) / Double(modelled.count) : nil,
            valLoss: vals.count == candidates.count && !diverged ? vals.reduce(0, +) / Double(vals.count) : nil,
            diverged: diverged)
    }

    private static func key(_ run: RunRecord) -> Key {
        Key(seed: run.settings.seed, device: run.device, values: fullParameters.map { $0.value(in: run.settings) })
    }
}
