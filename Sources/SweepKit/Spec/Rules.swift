/// The seed's interpretation guide as numbers (the sweep file's `rules`).
package struct Rules: Sendable, Equatable, Codable {
    /// Keep only with a speedup over full_update of at least this.
    package var minSpeedup: Double
    /// Keep only when (val − full val) / full val is at most this.
    package var maxValLossIncrease: Double
    /// Which speedup the verdicts read. A row whose results hold no modelled figures falls
    /// back to the measured one and says so.
    package var speed: SpeedBasis

    package init(minSpeedup: Double = 1.10, maxValLossIncrease: Double = 0.02, speed: SpeedBasis = .modelled) {
        self.minSpeedup = minSpeedup
        self.maxValLossIncrease = maxValLossIncrease
        self.speed = speed
    }

    enum CodingKeys: String, CodingKey {
        case minSpeedup = "min_speedup", maxValLossIncrease = "max_val_loss_increase", speed
    }

    /// A plan.json from before `speed` decodes with the default (modelled); its results hold
    /// no modelled figures, so its rows fall back to measured anyway.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        minSpeedup = try c.decode(Double.self, forKey: .minSpeedup)
        maxValLossIncrease = try c.decode(Double.self, forKey: .maxValLossIncrease)
        speed = try c.decodeIfPresent(SpeedBasis.self, forKey: .speed) ?? .modelled
    }
}
