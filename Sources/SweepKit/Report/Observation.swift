/// One run paired with its full_update baseline.
package struct Observation: Sendable, Equatable {
    package var seed: Int
    package var source: String
    package var device: String
    /// full_update mean step ms / this run's; nil when no baseline was found.
    package var speedup: Double?
    /// The same from the modelled step times (calibrated costs); nil when either result lacks them.
    package var speedupModelled: Double?
    /// (val − full val) / full val; +∞ when this run's val loss is not finite; nil unpaired.
    package var valLossIncrease: Double?
    /// Where the baseline came from (figures redraw it).
    package var baselineSource: String?
}
