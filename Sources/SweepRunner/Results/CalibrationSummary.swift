import Foundation
import SweepKit
import Vocabulary

/// What the sweep needs from a `blocksweep calibrate` file (docs/benchmark.md): that it is one,
/// whether it converged, its worst half-width and what it cost.
package struct CalibrationSummary: Sendable, Decodable, Equatable {
    package var kind: String
    /// k = 1…N, then probe; null for a kind the calibration did not measure (`--kinds`).
    package var relative: [Double?]
    package var relativeHalfwidth: [Double?]
    package var converged: Bool
    package var seconds: Double
    package var rounds: Int
    package var capSeconds: Double?
    /// Busy neighbours it measured beside; nil in files from before neighbours (alone).
    package var neighbours: Int?

    enum CodingKeys: String, CodingKey {
        case kind, relative, relativeHalfwidth = "relative_halfwidth", converged, seconds, rounds
        case capSeconds = "cap_seconds", neighbours
    }

    /// The report header's note of it (CalibrationNote), under `id`: its precision over `kinds`,
    /// the kinds its jobs take (nil: every kind).
    package func note(id: String, kinds: [StepKind]?) -> CalibrationNote {
        CalibrationNote(
            id: id, worstHalfwidth: worstHalfwidth(of: kinds), converged: converged, rounds: rounds,
            seconds: seconds, capSeconds: capSeconds, neighbours: neighbours)
    }

    /// The widest half-width among `kinds` (nil: every kind measured). A kind no job takes (the
    /// calibration measures every kind of its shape) says nothing of the prices the runs read.
    package func worstHalfwidth(of kinds: [StepKind]?) -> Double {
        guard let kinds else { return worstHalfwidth }
        let n = relativeHalfwidth.count - 1
        let widths = kinds.compactMap { kind -> Double? in
            switch kind {
            case .active(let k): return k >= 1 && k <= n ? relativeHalfwidth[k - 1] : nil
            case .probe: return relativeHalfwidth[n]
            }
        }
        // None of them in the file (a plan of another shape): every kind, rather than nothing.
        return widths.max() ?? worstHalfwidth
    }

    package static let fileKind = CalibrationFormat.kind

    /// The widest 95% half-width of a relative cost, as a fraction (0.01 is ±1%).
    package var worstHalfwidth: Double { relativeHalfwidth.compactMap { $0 }.max() ?? 0 }

    /// The file at `path`, or why it is not a usable calibration.
    package static func read(_ path: String) -> Result<CalibrationSummary, CalibrationProblem> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(CalibrationProblem(message: "no calibration file \(path)"))
        }
        guard let summary = try? JSONDecoder().decode(CalibrationSummary.self, from: data),
            summary.kind == fileKind, summary.relative.contains(where: { $0 != nil }),
            summary.relative.count == summary.relativeHalfwidth.count
        else {
            return .failure(
                CalibrationProblem(message: "\(path) is not a calibration written by `blocksweep calibrate`"))
        }
        return .success(summary)
    }

    /// "converged, ±0.6%, 9 s" or "capped at ±2.7%, 60 s", the width over `kinds` (nil: all).
    package func text(kinds: [StepKind]? = nil) -> String {
        let width = String(format: "%.1f%%", worstHalfwidth(of: kinds) * 100)
        let time = String(format: "%.0f s", seconds)
        return converged ? "converged, worst ±\(width), \(time)" : "capped before ±1%: worst ±\(width), \(time)"
    }
}

/// Why a calibration file cannot be used.
package struct CalibrationProblem: Error, Equatable {
    package var message: String
}
