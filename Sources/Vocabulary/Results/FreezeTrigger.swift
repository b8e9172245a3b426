/// Why the freeze gate opened, and the stability test's real outcome at that step whether or
/// not `dyn_require_stable` gated on it. The figures are nil when the test could not run (fewer
/// than 2W losses); `stableOk` is then false.
package struct FreezeTrigger: Sendable, Equatable {
    package var reachedStart: Bool
    package var stableOk: Bool
    package var prevMean: Double?
    package var currMean: Double?
    package var relChange: Double?
    package var cv: Double?
    /// W, the stability window (an addition of this engine; nil in the reference's files).
    package var window: Int?

    package init(
        reachedStart: Bool, stableOk: Bool, prevMean: Double? = nil, currMean: Double? = nil,
        relChange: Double? = nil, cv: Double? = nil, window: Int? = nil
    ) {
        self.reachedStart = reachedStart
        self.stableOk = stableOk
        self.prevMean = prevMean
        self.currMean = currMean
        self.relChange = relChange
        self.cv = cv
        self.window = window
    }
}
