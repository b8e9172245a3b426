import Foundation
import Vocabulary

/// Which files the trace figures come from: the best row (the best kept, else the top-ranked)
/// at its first paired run, with that run's full_update baseline and a static_suffix run of
/// the same seed and device.
package struct FigureSources: Sendable, Equatable {
    package var files: [Schedule: String]
    package var layers: Int
    package var subtitle: String

    package static func pick(_ r: SweepReport) -> FigureSources? {
        guard !r.ranked.isEmpty else { return nil }
        let i = r.bestIndex ?? 0
        let row = r.ranked[i]
        let obs = row.observations.first { $0.baselineSource != nil } ?? row.observations[0]
        var files: [Schedule: String] = [row.schedule: obs.source]
        if let b = obs.baselineSource { files[.baseline] = b }
        // A run of each reference schedule of the same seed and device (the same file first).
        for reference in Schedule.allCases where reference.kind.role == .reference {
            let runs = r.baselines.filter { $0.schedule == reference }.flatMap(\.runs)
                .filter { $0.settings.seed == obs.seed && $0.device == obs.device }
            if let s = runs.first(where: { $0.source == obs.source }) ?? runs.first { files[reference] = s.source }
        }
        return FigureSources(
            files: files, layers: row.settings.nLayers,
            subtitle: "#\(i + 1), seed \(obs.seed)")
    }
}
