/// The stability gate's test on the train-loss history: the last W losses against the W before.
package struct StabilityTest: Sendable, Equatable {
    package let window: Int
    package let maxRelChange: Double
    package let maxCV: Double

    package init(window: Int, maxRelChange: Double, maxCV: Double) {
        self.window = window
        self.maxRelChange = maxRelChange
        self.maxCV = maxCV
    }

    package struct Outcome: Sendable, Equatable {
        package var stable: Bool
        package var prevMean: Double
        package var currMean: Double
        package var relChange: Double
        package var cv: Double
    }

    /// nil while fewer than 2W losses exist; otherwise the figures and whether both pass.
    package func evaluate(_ losses: [Double]) -> Outcome? {
        let w = window
        guard w > 0, losses.count >= 2 * w else { return nil }
        let curr = losses[(losses.count - w)...]
        let prev = losses[(losses.count - 2 * w)..<(losses.count - w)]
        let prevMean = prev.reduce(0, +) / Double(w)
        let currMean = curr.reduce(0, +) / Double(w)
        let variance = curr.reduce(0) { $0 + ($1 - currMean) * ($1 - currMean) } / Double(w)
        let relChange = abs(currMean - prevMean) / (abs(prevMean) + 1e-12)
        let cv = variance.squareRoot() / (abs(currMean) + 1e-12)
        return Outcome(
            stable: relChange <= maxRelChange && cv <= maxCV,
            prevMean: prevMean, currMean: currMean, relChange: relChange, cv: cv)
    }
}
