/// `seeds: {initial, max}`: every configuration starts with seeds 1 to `initial`; one whose
/// verdict is inconclusive then gets the next seed (initial + 1, initial + 2, ...), one at a
/// time, until its verdict settles or it has `max` seeds. The seeds are numbered, never drawn,
/// so a resumed or repeated run adds the same jobs with the same ids as a plain list 1..max.
package struct AdaptiveSeeds: Sendable, Equatable, Codable {
    package var initial: Int
    package var max: Int

    package init(initial: Int, max: Int) {
        self.initial = initial
        self.max = max
    }

    /// The seeds the plan holds from the start.
    package var initialSeeds: [Int] { Array(1...initial) }
    /// Every seed a configuration may reach.
    package var allSeeds: [Int] { Array(1...max) }
}
