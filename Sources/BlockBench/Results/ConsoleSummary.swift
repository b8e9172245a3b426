import Foundation
import Vocabulary

/// The table printed after a run, one row per schedule, like the reference's console summary.
package enum ConsoleSummary {
    package static func render(_ results: [ScheduleResult]) -> String {
        let header = [
            "schedule", "steps", "final_val", "train_start", "train_end", "mean_ms", "p50_ms",
            "p90_ms", "speedup", "active mean/min/max", "probes"
        ]
        let rows: [[String]] = results.map { r in
            [
                r.schedule.rawValue, r.stepsExecuted.map(String.init) ?? "-", number(r.finalValLoss, 6),
                number(r.trainLossStart, 6), number(r.trainLossEnd, 6), number(r.meanStepMs, 3),
                number(r.p50StepMs, 3), number(r.p90StepMs, 3),
                r.speedupVsFull.map { number($0, 3) + "x" } ?? "-",
                "\(number(r.activeLayersMean, 2))/\(r.activeLayersMin.map(String.init) ?? "-")/"
                    + "\(r.activeLayersMax.map(String.init) ?? "-")",
                r.probeStepCount.map(String.init) ?? "-"
            ]
        }
        let widths = header.indices.map { c in ([header] + rows).map { $0[c].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                c == 0
                    ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  ")
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    /// `digits` decimals, or "nan" for a missing or non-finite number.
    static func number(_ v: Double?, _ digits: Int) -> String {
        guard let v else { return "nan" }
        return NumberText.fixed(v, digits, nonFinite: "nan")
    }
}
