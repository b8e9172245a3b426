/// What a run keeps of each step: measured time, train loss, active layers and, with a
/// calibration, the modelled cost; plus both clocks' running totals.
struct StepLog {
    var times: [Double] = []
    var losses: [Double] = []
    var active: [Int] = []
    var modelledTimes: [Double] = []
    var elapsed = 0.0
    var modelled = 0.0
    /// Σ cost × its kind's calibration half-width: how far the calibration could move
    /// `modelled`; nil once a step's half-width is unknown.
    var modelledSpread: Double? = 0

    init(capacity: Int, modelled: Bool) {
        times.reserveCapacity(capacity)
        losses.reserveCapacity(capacity)
        active.reserveCapacity(capacity)
        if modelled { modelledTimes.reserveCapacity(capacity) }
    }

    /// `cost`: the step's modelled cost, nil without a calibration; `halfwidth` its relative
    /// uncertainty, nil when not known.
    mutating func append(ms: Double, loss: Double, active layers: Int, cost: Double?, halfwidth: Double?) {
        elapsed += ms
        if let cost {
            modelled += cost
            modelledTimes.append(cost)
            modelledSpread = halfwidth.flatMap { h in modelledSpread.map { $0 + h * cost } }
        }
        times.append(ms)
        losses.append(loss)
        active.append(layers)
    }
}
