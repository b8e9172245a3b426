/// What a run keeps of each step: measured time, train loss, active layers and, with a
/// calibration, the modelled cost; plus both clocks' running totals.
struct StepLog {
    var times: [Double] = []
    var losses: [Double] = []
    var active: [Int] = []
    var modelledTimes: [Double] = []
    var elapsed = 0.0
    var modelled = 0.0

    init(capacity: Int, modelled: Bool) {
        times.reserveCapacity(capacity)
        losses.reserveCapacity(capacity)
        active.reserveCapacity(capacity)
        if modelled { modelledTimes.reserveCapacity(capacity) }
    }

    /// `cost`: the step's modelled cost, nil without a calibration.
    mutating func append(ms: Double, loss: Double, active layers: Int, cost: Double?) {
        elapsed += ms
        if let cost {
            modelled += cost
            modelledTimes.append(cost)
        }
        times.append(ms)
        losses.append(loss)
        active.append(layers)
    }
}
