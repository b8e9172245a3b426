import Foundation
import Testing
import Vocabulary

@testable import BlockBench

/// Made-up step costs: each kind has a true cost, every step is off by up to ±noise of it
/// (a fixed pseudo-random sequence), and the first `inflatedCalls` steps of every kind but the
/// full step take `inflation` times longer, as warm-up steps do. Its own clock adds each step.
final class FakeCostSource: StepCostSource {
    let truth: [StepKind: Double]
    let noise: Double
    let full: StepKind
    var inflatedCalls = 0
    var inflation = 1.0
    private var state: UInt64
    private(set) var calls: [StepKind] = []
    private(set) var clockMs = 0.0

    init(nLayers: Int, noise: Double, seed: UInt64 = 12345) {
        // active_k costs 1 + k ms, the probe 20% more than the full step.
        var truth: [StepKind: Double] = [:]
        for k in 1...nLayers { truth[.active(k)] = 1 + Double(k) }
        truth[.probe] = 1.2 * (1 + Double(nLayers))
        self.truth = truth
        self.noise = noise
        full = .active(nLayers)
        state = seed
    }

    var seconds: Double { clockMs / 1000 }

    /// Uniform in [−1, 1), from a 64-bit LCG: the same sequence every run.
    private func uniform() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53) * 2 - 1
    }

    func stepMs(of kind: StepKind) -> Double {
        var ms = truth[kind]! * (1 + noise * uniform())
        if calls.count < inflatedCalls, kind != full { ms *= inflation }
        calls.append(kind)
        clockMs += ms
        return ms
    }

    func trueRelative(_ kind: StepKind) -> Double { truth[kind]! / truth[full]! }
}

@Suite(.timeLimit(.minutes(10))) struct CalibratorTests {
    func run(_ calibrator: Calibrator, _ source: FakeCostSource) -> CalibrationMeasurement {
        var s = source
        return calibrator.calibrate(source: &s) { source.seconds }
    }

    @Test func noisyCostsConvergeToTheirTrueRatiosWithinTheTarget() throws {
        let n = 6
        let source = FakeCostSource(nLayers: n, noise: 0.05)
        let m = run(Calibrator(nLayers: n), source)
        #expect(m.converged)
        #expect(m.rounds > 5, "5% noise cannot settle to ±1% in the minimum rounds")
        #expect(m.kinds == StepKind.all(nLayers: n))
        for (i, kind) in m.kinds.enumerated() {
            #expect(m.relativeHalfwidth[i] <= 0.01, "\(kind)")
            #expect(abs(m.relative[i] / source.trueRelative(kind) - 1) < 0.01, "\(kind): \(m.relative[i])")
            #expect(abs(m.stepMs[i] / source.truth[kind]! - 1) < 0.05, "\(kind): \(m.stepMs[i])")
        }
        #expect(m.relative[n - 1] == 1 && m.relativeHalfwidth[n - 1] == 0, "the full step is the unit")
        #expect(m.costs(nLayers: n).activeMs.count == n && m.costs(nLayers: n).probeMs == m.stepMs[n])
    }

    @Test func aTighterTargetTakesMoreRounds() {
        var tight = Calibrator(nLayers: 4)
        tight.target = 0.005
        let loose = run(Calibrator(nLayers: 4), FakeCostSource(nLayers: 4, noise: 0.05))
        let strict = run(tight, FakeCostSource(nLayers: 4, noise: 0.05))
        #expect(loose.converged && strict.converged)
        #expect(strict.rounds > loose.rounds)
        #expect(strict.relativeHalfwidth.allSatisfy { $0 <= 0.005 })
        #expect(loose.relativeHalfwidth.contains { $0 > 0.005 }, "the loose run stopped as soon as ±1% held")
    }

    @Test func exactCostsStopAfterTheMinimumRoundsWithWarmUpDiscarded() {
        let n = 4
        let kinds = n + 1
        let source = FakeCostSource(nLayers: n, noise: 0)
        source.inflatedCalls = 2 * kinds
        source.inflation = 10
        let m = run(Calibrator(nLayers: n), source)
        #expect(m.converged)
        #expect(m.rounds == 5)
        #expect(source.calls.count == (2 + 5) * kinds, "2 warm-up rounds, then the minimum 5")
        for (i, kind) in m.kinds.enumerated() {
            #expect(abs(m.relative[i] - source.trueRelative(kind)) < 1e-12, "warm-up steps left out: \(kind)")
            #expect(abs(m.stepMs[i] - source.truth[kind]!) < 1e-12)
            #expect(m.relativeHalfwidth[i] < 1e-12)
        }
        // Had the two slow rounds been kept, the costs would be far off (the cap stops this
        // calibrator after them, before later rounds dilute them).
        var keeping = Calibrator(nLayers: n)
        keeping.warmupRounds = 0
        keeping.capSeconds = 0.2
        let slow = FakeCostSource(nLayers: n, noise: 0)
        slow.inflatedCalls = 2 * kinds
        slow.inflation = 10
        let kept = run(keeping, slow)
        #expect(kept.relative[0] > 1.5 * slow.trueRelative(.active(1)))
    }

    @Test func everyRoundRunsEachKindOnceInARotatedOrder() {
        let n = 3
        let source = FakeCostSource(nLayers: n, noise: 0)
        _ = run(Calibrator(nLayers: n), source)
        let kinds = StepKind.all(nLayers: n)
        #expect(Array(source.calls[0..<4]) == [.active(1), .active(2), .active(3), .probe])
        #expect(Array(source.calls[4..<8]) == [.active(2), .active(3), .probe, .active(1)])
        #expect(Array(source.calls[8..<12]) == [.active(3), .probe, .active(1), .active(2)])
        for round in 0..<7 {
            #expect(Set(source.calls[(round * 4)..<(round * 4 + 4)]) == Set(kinds))
        }
    }

    @Test func theCapStopsARunThatCannotConvergeAndSaysSo() {
        let n = 4
        let source = FakeCostSource(nLayers: n, noise: 0.6)
        var calibrator = Calibrator(nLayers: n)
        calibrator.capSeconds = 0.5
        let m = run(calibrator, source)
        #expect(!m.converged)
        // One round of this source takes at most 1.6 × 20 ms.
        #expect(m.seconds >= 0.5 && m.seconds < 0.5 + 0.033, "\(m.seconds)")
        #expect(m.rounds >= 5 && source.calls.count == (m.rounds + 2) * (n + 1))
        #expect(m.relativeHalfwidth.contains { $0 > 0.01 })
        #expect(m.relative.allSatisfy { $0.isFinite && $0 > 0 })
    }

    @Test func aCapShorterThanTheWarmUpStillCountsTwoRounds() {
        var calibrator = Calibrator(nLayers: 2)
        calibrator.capSeconds = 1e-9
        let m = run(calibrator, FakeCostSource(nLayers: 2, noise: 0.3))
        #expect(!m.converged)
        #expect(m.rounds == Calibrator.roundsBeforeCap)
        #expect(m.relativeHalfwidth.allSatisfy { $0.isFinite })
    }

    /// Ratios 1.00, 1.02, 0.98, 1.01, 0.99 of a kind to the full step: the logs' sd is
    /// 0.0158135, t(0.975, 4) = 2.776445, so the half-width is exp(2.776445·0.0158135/√5) − 1.
    @Test func theHalfwidthIsTheStudentIntervalOfTheLogRatios() {
        let logs = [1.0, 1.02, 0.98, 1.01, 0.99].map { log($0) }
        #expect(abs(Calibrator.relativeHalfwidth(logs) - 0.0198290) < 1e-6)
        #expect(Calibrator.relativeHalfwidth(logs) > 0.01, "not converged at ±1%")
        #expect(Calibrator.relativeHalfwidth([0.1]) == .infinity)
    }

    /// `calibrate --kinds`: only the asked kinds run (and the full step, the unit of every
    /// ratio); the file lays them out as k = 1…N then probe, null where a kind was not measured,
    /// and names what it measured.
    @Test func onlyTheAskedKindsAndTheFullStepAreMeasured() throws {
        let n = 6
        let source = FakeCostSource(nLayers: n, noise: 0.05)
        let calibrator = Calibrator(nLayers: n, kinds: [.probe, .active(2), .active(3)])
        #expect(calibrator.kinds == [.active(2), .active(3), .active(6), .probe])
        let m = run(calibrator, source)
        #expect(m.converged)
        #expect(Set(source.calls) == [.active(2), .active(3), .active(6), .probe])
        #expect(source.calls.count == (m.rounds + 2) * 4)
        for (i, kind) in m.kinds.enumerated() {
            #expect(abs(m.relative[i] / source.trueRelative(kind) - 1) < 0.01, "\(kind)")
        }
        let costs = m.costs(nLayers: n)
        #expect(costs.activeMs.map { $0 != nil } == [false, true, true, false, false, true])
        #expect(costs.probeMs == m.stepMs[3])
        #expect(
            costs.uncalibrated([.active(1), .active(2), .active(6), .active(7), .probe]) == [.active(1), .active(7)])

        var config = BenchConfig()
        config.nLayers = n
        let record = CalibrationRecord(
            model: .init(config: config), device: "cpu", threads: 1, cpuModel: nil, blasCore: nil,
            measurement: m, capSeconds: 60, target: 0.01)
        #expect(record.kinds == ["active_2", "active_3", "active_6", "probe"])
        #expect(record.relative.count == n + 1 && record.relative[0] == nil && record.relative[5] == 1)
        #expect(record.mismatch(config: config, threads: 1) == nil)
        let read = try CalibrationRecord.decode(from: record.jsonData())
        #expect(read == record && read.calibratedKinds == calibrator.kinds)

        // A run that can take a kind the file did not measure is refused, naming the kind.
        config.staticActiveLayers = 3
        #expect(record.uncalibratedKinds(schedules: [.fullUpdate, .staticSuffix], config: config) == nil)
        config.dynMinActiveLayers = 1
        config.dynMaxActiveLayers = 3
        let refusal = try #require(record.uncalibratedKinds(schedules: [.dynamicSuffix], config: config))
        #expect(refusal.contains("does not price step kind active_1 that this run can take"), "\(refusal)")
        #expect(refusal.contains("--kinds active_1,active_2,active_3,active_6,probe"), "\(refusal)")
    }

    /// A file from before `--kinds` holds every kind and prices every run of its model.
    @Test func aFileWithoutKindsPricesEveryKind() throws {
        let m = run(Calibrator(nLayers: 3), FakeCostSource(nLayers: 3, noise: 0.01))
        var config = BenchConfig()
        config.nLayers = 3
        var record = CalibrationRecord(
            model: .init(config: config), device: "cpu", threads: 1, cpuModel: nil, blasCore: nil,
            measurement: m, capSeconds: 60, target: 0.01)
        record.kinds = nil
        let read = try CalibrationRecord.decode(from: record.jsonData())
        #expect(read.calibratedKinds == StepKind.all(nLayers: 3))
        config.dynMinActiveLayers = 1
        #expect(read.uncalibratedKinds(schedules: Schedule.allCases, config: config) == nil)
    }
}
