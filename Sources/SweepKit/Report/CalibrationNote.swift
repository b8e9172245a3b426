import Foundation
import Vocabulary

/// What the report's header says of a calibration that priced its runs: how precise its prices
/// are, and whether it stopped at its cap first (docs/report.md).
package struct CalibrationNote: Sendable, Equatable, Encodable {
    package var id: String
    /// The widest 95% half-width of the price, relative to the full step, of a step kind its
    /// jobs take (0.008: ±0.8%).
    package var worstHalfwidth: Double
    package var converged: Bool
    package var rounds: Int
    package var seconds: Double
    package var capSeconds: Double?
    /// Busy neighbours it measured beside (nil: files from before neighbours, measured alone).
    package var neighbours: Int?

    package init(
        id: String, worstHalfwidth: Double, converged: Bool, rounds: Int, seconds: Double, capSeconds: Double?,
        neighbours: Int?
    ) {
        self.id = id
        self.worstHalfwidth = worstHalfwidth
        self.converged = converged
        self.rounds = rounds
        self.seconds = seconds
        self.capSeconds = capSeconds
        self.neighbours = neighbours
    }

    enum CodingKeys: String, CodingKey {
        case id, worstHalfwidth = "worst_halfwidth", converged, rounds, seconds, capSeconds = "cap_seconds", neighbours
    }

    /// "cal-…: its jobs' step prices within ±0.78% (converged in 349 rounds, 52s, beside 1 busy
    /// neighbour)", or "…: stopped at its 60 s cap in 80 rounds …, so its jobs' step prices are
    /// within ±2.31% only …".
    package var text: String {
        let width = fmtMargin(worstHalfwidth)
        let beside: String
        switch neighbours {
        case nil: beside = ", measured alone"
        case 0: beside = ", measured alone (one slot)"
        case let n?: beside = ", beside \(n) busy neighbour\(n == 1 ? "" : "s")"
        }
        let time = NumberText.duration(seconds)
        if converged {
            return "\(id): its jobs' step prices within ±\(width) (converged in \(rounds) rounds, \(time)\(beside))"
        }
        let cap = capSeconds.map { "its \(String(format: "%g", $0)) s cap" } ?? "its time cap"
        return "\(id): stopped at \(cap) in \(rounds) rounds before every price was within its target, "
            + "so its jobs' step prices are within ±\(width) only\(beside)"
    }
}
