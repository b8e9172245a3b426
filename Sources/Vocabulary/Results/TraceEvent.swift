/// One entry of a dynamic run's `dynamic_trace`: a probe, the freeze gate opening, or a change
/// of final-recovery stage.
package enum TraceEvent: Sendable, Equatable {
    case probe(ProbeEvent)
    case freeze(FreezeEvent)
    case recovery(RecoveryEvent)

    package var step: Int {
        switch self {
        case .probe(let e): return e.step
        case .freeze(let e): return e.step
        case .recovery(let e): return e.step
        }
    }
}

package struct ProbeEvent: Sendable, Equatable {
    package var step: Int
    package var freezeEnabled: Bool
    package var probeLoss: Double?
    package var bestProbeLoss: Double?
    package var probeLossEmaPrev: Double?
    package var probeLossEma: Double?
    package var activeBudget: Int
    package var activeStartNext: Int
    package var activeLayersNext: Int
    package var emaScores: [Double?]

    package init(step: Int, freezeEnabled: Bool, probeLoss: Double?, bestProbeLoss: Double?,
                probeLossEmaPrev: Double?, probeLossEma: Double?, activeBudget: Int,
                activeStartNext: Int, activeLayersNext: Int, emaScores: [Double?]) {
        self.step = step
        self.freezeEnabled = freezeEnabled
        self.probeLoss = probeLoss
        self.bestProbeLoss = bestProbeLoss
        self.probeLossEmaPrev = probeLossEmaPrev
        self.probeLossEma = probeLossEma
        self.activeBudget = activeBudget
        self.activeStartNext = activeStartNext
        self.activeLayersNext = activeLayersNext
        self.emaScores = emaScores
    }
}

package struct FreezeEvent: Sendable, Equatable {
    package var step: Int
    package var freezeEnabled: Bool
    package var trigger: FreezeTrigger

    package init(step: Int, freezeEnabled: Bool, trigger: FreezeTrigger) {
        self.step = step
        self.freezeEnabled = freezeEnabled
        self.trigger = trigger
    }
}

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

    package init(reachedStart: Bool, stableOk: Bool, prevMean: Double? = nil, currMean: Double? = nil,
                relChange: Double? = nil, cv: Double? = nil, window: Int? = nil) {
        self.reachedStart = reachedStart
        self.stableOk = stableOk
        self.prevMean = prevMean
        self.currMean = currMean
        self.relChange = relChange
        self.cv = cv
        self.window = window
    }
}

package struct RecoveryEvent: Sendable, Equatable {
    package var step: Int
    package var mode: RecoveryMode
    /// "full" in full mode; "stage1", "stage2", "stage3_full" in staged mode.
    package var stage: String
    package var progress: Double
    package var activeLayers: Int

    package init(step: Int, mode: RecoveryMode, stage: String, progress: Double, activeLayers: Int) {
        self.step = step
        self.mode = mode
        self.stage = stage
        self.progress = progress
        self.activeLayers = activeLayers
    }
}
