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

    package init(
        step: Int, freezeEnabled: Bool, probeLoss: Double?, bestProbeLoss: Double?,
        probeLossEmaPrev: Double?, probeLossEma: Double?, activeBudget: Int,
        activeStartNext: Int, activeLayersNext: Int, emaScores: [Double?]
    ) {
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
