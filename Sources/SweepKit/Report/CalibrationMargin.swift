/// How far a calibration's own uncertainty could move a row (docs/report.md, "Calibration
/// uncertainty"): its modelled speedup, as a fraction of it, and through the equal-time budget
/// (the steps the modelled clock buys) its Δ val loss, as a fraction of the baseline's val loss.
/// Every run of a row is priced by one calibration, so the error is shared by every seed: it
/// widens the interval at both ends, and more seeds cannot shrink it.
package struct CalibrationMargin: Sendable, Equatable, Codable {
    package var speedup: Double
    package var valLossIncrease: Double

    package init(speedup: Double, valLossIncrease: Double) {
        self.speedup = speedup
        self.valLossIncrease = valLossIncrease
    }

    enum CodingKeys: String, CodingKey {
        case speedup, valLossIncrease = "val_loss_increase"
    }
}
