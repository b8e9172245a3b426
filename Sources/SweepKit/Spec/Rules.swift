/// The seed's interpretation guide as numbers (the sweep file's `rules`).
package struct Rules: Sendable, Equatable, Codable {
    /// Keep only with a speedup over full_update of at least this.
    package var minSpeedup: Double
    /// Keep only when (val − full val) / full val is at most this.
    package var maxValLossIncrease: Double

    package init(minSpeedup: Double = 1.10, maxValLossIncrease: Double = 0.02) {
        self.minSpeedup = minSpeedup
        self.maxValLossIncrease = maxValLossIncrease
    }

    enum CodingKeys: String, CodingKey {
        case minSpeedup = "min_speedup", maxValLossIncrease = "max_val_loss_increase"
    }
}
