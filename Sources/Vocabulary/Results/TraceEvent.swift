/// One entry of a dynamic run's `dynamic_trace`: a probe, the freeze gate opening, or a change
/// of final-recovery stage.
public enum TraceEvent: Sendable, Equatable {
    case probe(ProbeEvent)
    case freeze(FreezeEvent)
    case recovery(RecoveryEvent)

    public var step: Int {
        switch self {
        case .probe(let e): return e.step
        case .freeze(let e): return e.step
        case .recovery(let e): return e.step
        }
    }
}

public struct ProbeEvent: Sendable, Equatable {
    public var step: Int
    public var freezeEnabled: Bool
    public var probeLoss: Double?
    public var bestProbeLoss: Double?
    public var probeLossEmaPrev: Double?
    public var probeLossEma: Double?
    public var activeBudget: Int
    public var activeStartNext: Int
    public var activeLayersNext: Int
    public var emaScores: [Double?]

    public init(step: Int, freezeEnabled: Bool, probeLoss: Double?, bestProbeLoss: Double?,
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

public struct FreezeEvent: Sendable, Equatable {
    public var step: Int
    public var freezeEnabled: Bool
    public var trigger: FreezeTrigger

    public init(step: Int, freezeEnabled: Bool, trigger: FreezeTrigger) {
        self.step = step
        self.freezeEnabled = freezeEnabled
        self.trigger = trigger
    }
}

/// Why the freeze gate opened, and the stability test's real outcome at that step whether or
/// not `dyn_require_stable` gated on it. The figures are nil when the test could not run (fewer
/// than 2W losses); `stableOk` is then false.
public struct FreezeTrigger: Sendable, Equatable {
    public var reachedStart: Bool
    public var stableOk: Bool
    public var prevMean: Double?
    public var currMean: Double?
    public var relChange: Double?
    public var cv: Double?
    /// W, the stability window (an addition of this engine; nil in the reference's files).
    public var window: Int?

    public init(reachedStart: Bool, stableOk: Bool, prevMean: Double? = nil, currMean: Double? = nil,
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

public struct RecoveryEvent: Sendable, Equatable {
    public var step: Int
    public var mode: RecoveryMode
    /// "full" in full mode; "stage1", "stage2", "stage3_full" in staged mode.
    public var stage: String
    public var progress: Double
    public var activeLayers: Int

    public init(step: Int, mode: RecoveryMode, stage: String, progress: Double, activeLayers: Int) {
        self.step = step
        self.mode = mode
        self.stage = stage
        self.progress = progress
        self.activeLayers = activeLayers
    }
}
