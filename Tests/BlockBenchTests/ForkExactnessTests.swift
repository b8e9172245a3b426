import Testing
import Vocabulary

@testable import BlockBench

/// Prefix forking is exact: a dynamic_suffix run that takes its first steps from a full_update
/// baseline's record and snapshot gives the very result of the same run trained from step 0,
/// apart from the measured step times (docs/benchmark.md, "Prefix forking").
@Suite(.timeLimit(.minutes(10))) struct ForkExactnessTests {
    /// N = 6: active_k costs k ms, a probe 6.5 ms.
    static let costs = StepCosts(activeMs: [1, 2, 3, 4, 5, 6], probeMs: 6.5)

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// Under the equal-time budget on the modelled clock, else by steps.
        var modelledTime: Bool
        var tweak: @Sendable (inout BenchConfig) -> Void
        var testDescription: String { name + (modelledTime ? " (equal time, modelled clock)" : " (steps)") }
    }

    static let settings: [(String, @Sendable (inout BenchConfig) -> Void)] = [
        ("warm-up longer than the freeze start", { $0.dynWarmupSteps = 16 }),
        (
            "stability gate",
            {
                $0.dynRequireStable = true
                $0.dynStabilityWindow = 4
                $0.dynStabilityRelChange = 0.3
                $0.dynStabilityCv = 0.3
            }
        ),
        (
            "adaptive budget",
            {
                $0.dynAdaptBudget = true
                $0.dynLossUpper = 1.0
                $0.dynLossLower = 0.999
            }
        ),
        ("refresh", { $0.dynRefreshEvery = 7 }),
        (
            "full recovery",
            {
                $0.dynFinalFullFrac = 0.2
                $0.dynFinalRecoveryMode = .full
            }
        ),
        (
            "staged recovery",
            {
                $0.dynFinalFullFrac = 0.3
                $0.dynFinalRecoveryMode = .staged
                $0.dynFinalRecoveryStage1Layers = 3
                $0.dynFinalRecoveryStage2Layers = 5
            }
        ),
        ("saliency metric", { $0.dynRelevanceMetric = .saliencyAbsGP }),
        ("never freezes", { $0.dynFreezeStartFrac = 1.0 })
    ]

    static let cases: [Case] = settings.flatMap { name, tweak in
        [false, true].map { Case(name: name, modelledTime: $0, tweak: tweak) }
    }

    static func config(_ c: Case) -> BenchConfig {
        var config = smallConfig()
        config.steps = 48
        config.dynAdaptBudget = false
        if c.modelledTime {
            config.equalTimeBudget = true
            config.maxStepsMultiplier = 2
        }
        c.tweak(&config)
        return config
    }

    /// The baseline with one dependent: its result, its record and its snapshots by step.
    static func baseline(_ config: BenchConfig, clock: ModelledClock) -> (
        result: ScheduleResult, recording: ForkRecording, snapshots: [Int: TrainingSnapshot]
    ) {
        var run = BenchRun(config: config, schedules: [.fullUpdate], threads: 1)
        run.modelledClock = clock
        run.forkDependents = [ForkDependent(job: "dyn-1", config: config)]
        var snapshots: [Int: TrainingSnapshot] = [:]
        let outcome = run.execute(snapshot: { snapshot, jobs in
            #expect(jobs == ["dyn-1"])
            snapshots[snapshot.step] = snapshot
        })
        return (outcome.results[0], outcome.forkRecording!, snapshots)
    }

    static func dependent(_ config: BenchConfig, clock: ModelledClock, full: ScheduleResult, fork: ForkStart?) -> (
        result: ScheduleResult, trace: ScheduleTrace, problem: String?
    ) {
        var baseline = BenchRun.Baseline(elapsedMs: full.elapsedMs!, meanStepMs: full.meanStepMs)
        baseline.modelledElapsedMs = full.modelledElapsedMs
        baseline.modelledMeanStepMs = full.modelledMeanStepMs
        var run = BenchRun(config: config, schedules: [.dynamicSuffix], threads: 1, baseline: baseline)
        run.modelledClock = clock
        run.forkStart = fork
        let outcome = run.execute()
        return (outcome.results[0], outcome.traces[.dynamicSuffix]!, outcome.forkProblem)
    }

    /// A result with its wall-clock figures and fork record taken out.
    static func withoutWallTime(_ r: ScheduleResult) -> ScheduleResult {
        var r = r
        r.elapsedMs = nil
        r.meanStepMs = nil
        r.p50StepMs = nil
        r.p90StepMs = nil
        r.speedupVsFull = nil
        r.forkedFrom = nil
        return r
    }

    @Test(arguments: cases) func aForkedRunEqualsTheRunTrainedFromStepZero(_ c: Case) throws {
        let config = Self.config(c)
        let clock = ModelledClock(costs: Self.costs, drivesTimeBudget: c.modelledTime)
        let base = Self.baseline(config, clock: clock)
        let step = try #require(base.recording.forkSteps["dyn-1"])
        let snapshot = try #require(base.snapshots[step])
        let fork = ForkStart(
            baselineJob: "full-1", step: step, losses: base.recording.losses,
            stepTimesMs: base.recording.stepTimesMs,
            relevance: Dictionary(uniqueKeysWithValues: base.recording.relevance.map { ($0.step, $0.blocks) }),
            snapshot: snapshot)

        let plain = Self.dependent(config, clock: clock, full: base.result, fork: nil)
        let forked = Self.dependent(config, clock: clock, full: base.result, fork: fork)

        #expect(forked.problem == nil)
        #expect(forked.result.forkedFrom == ForkOrigin(job: "full-1", step: step))
        #expect(step > config.dynWarmupSteps / 2, "a real prefix is inherited")
        if c.name != "never freezes" {
            #expect(step < forked.result.stepsExecuted!, "the run trains on after the fork")
            #expect(forked.trace.activeLayersHist[step] < config.nLayers, "it forks where it first freezes a block")
        }
        #expect(Self.withoutWallTime(forked.result) == Self.withoutWallTime(plain.result))
        var plainTrace = plain.trace
        var forkedTrace = forked.trace
        #expect(
            Array(forkedTrace.stepTimesMs.prefix(step)) == Array(base.recording.stepTimesMs.prefix(step)),
            "inherited steps carry the baseline's measured times")
        plainTrace.stepTimesMs = []
        forkedTrace.stepTimesMs = []
        #expect(forkedTrace == plainTrace)
        #expect(plain.trace.activeLayersHist.prefix(step).allSatisfy { $0 == config.nLayers })
    }

    /// Recording for dependents changes nothing the baseline reports but its step times.
    @Test func recordingLeavesTheBaselineAsItWas() throws {
        var config = smallConfig()
        config.equalTimeBudget = true
        let clock = ModelledClock(costs: Self.costs, drivesTimeBudget: true)
        let recorded = Self.baseline(config, clock: clock)
        var run = BenchRun(config: config, schedules: [.fullUpdate], threads: 1)
        run.modelledClock = clock
        let plain = run.run()
        #expect(Self.withoutWallTime(recorded.result) == Self.withoutWallTime(plain.results[0]))
        #expect(recorded.recording.losses == plain.traces[.fullUpdate]!.trainLosses.map { $0! })
        #expect(!recorded.recording.relevance.isEmpty, "the dependent's probes were recorded")
    }

    /// A record that cannot stand in for the prefix is refused whole: the run trains from step 0.
    @Test func aRecordWithoutTheProbesRelevanceIsRefused() throws {
        let config = Self.config(Self.cases[0])
        let clock = ModelledClock(costs: Self.costs, drivesTimeBudget: false)
        let base = Self.baseline(config, clock: clock)
        let step = try #require(base.recording.forkSteps["dyn-1"])
        let fork = ForkStart(
            baselineJob: "full-1", step: step, losses: base.recording.losses,
            stepTimesMs: base.recording.stepTimesMs, relevance: [:], snapshot: base.snapshots[step]!)
        let plain = Self.dependent(config, clock: clock, full: base.result, fork: nil)
        let refused = Self.dependent(config, clock: clock, full: base.result, fork: fork)
        #expect(refused.problem?.contains("no grad_ratio relevance for its probe at step 0") == true)
        #expect(refused.result.forkedFrom == nil)
        #expect(Self.withoutWallTime(refused.result) == Self.withoutWallTime(plain.result))
    }

    /// A dependent on the wall clock's equal-time budget is not followed: where it diverges
    /// depends on the machine's load.
    @Test func aWallClockBudgetCannotFork() {
        var config = smallConfig()
        config.equalTimeBudget = true
        let reason = ForkShadows.incompatibility(
            config, baseline: config, modelledClock: ModelledClock(costs: Self.costs, drivesTimeBudget: false))
        #expect(reason?.contains("wall clock") == true)
        var other = config
        other.lr = 2e-3
        #expect(
            ForkShadows.incompatibility(other, baseline: config, modelledClock: nil)?.contains("lr") == true)
    }
}

/// Chained forking: a dynamic_suffix job forks from a sibling that itself forked from the
/// baseline, at the step where the two first train different blocks.
@Suite(.timeLimit(.minutes(10))) struct ChainedForkTests {
    static func start(_ recording: ForkRecording, job: String, source: String, snapshots: [Int: TrainingSnapshot])
        throws -> ForkStart
    {
        let step = try #require(recording.forkSteps[job])
        var start = ForkStart(
            baselineJob: source, step: step, losses: recording.losses, stepTimesMs: recording.stepTimesMs,
            relevance: Dictionary(uniqueKeysWithValues: recording.relevance.map { ($0.step, $0.blocks) }),
            snapshot: try #require(snapshots[step]))
        start.activeLayers = recording.activeLayers
        return start
    }

    @Test(arguments: [false, true]) func aSiblingForkEqualsTheRunFromStepZero(modelledTime: Bool) throws {
        var source = smallConfig()
        source.steps = 48
        source.dynAdaptBudget = true
        source.dynFinalFullFrac = 0.2
        if modelledTime {
            source.equalTimeBudget = true
            source.maxStepsMultiplier = 2
        }
        var sibling = source
        sibling.dynMaxActiveLayers = 5
        let clock = ModelledClock(costs: ForkExactnessTests.costs, drivesTimeBudget: modelledTime)

        // The baseline records for both; the source forks from it and records for the sibling.
        var full = BenchRun(config: source, schedules: [.fullUpdate], threads: 1)
        full.modelledClock = clock
        full.forkDependents = [
            ForkDependent(job: "dyn-s", config: source), ForkDependent(job: "dyn-t", config: sibling)
        ]
        var fullSnapshots: [Int: TrainingSnapshot] = [:]
        let base = full.execute(snapshot: { s, _ in fullSnapshots[s.step] = s })
        let baseRecord = try #require(base.forkRecording)

        var baseline = BenchRun.Baseline(elapsedMs: base.results[0].elapsedMs!, meanStepMs: base.results[0].meanStepMs)
        baseline.modelledElapsedMs = base.results[0].modelledElapsedMs
        baseline.modelledMeanStepMs = base.results[0].modelledMeanStepMs
        var src = BenchRun(config: source, schedules: [.dynamicSuffix], threads: 1, baseline: baseline)
        src.modelledClock = clock
        src.forkStart = try Self.start(baseRecord, job: "dyn-s", source: "full-1", snapshots: fullSnapshots)
        src.forkDependents = [ForkDependent(job: "dyn-t", config: sibling)]
        var srcSnapshots: [Int: TrainingSnapshot] = [:]
        let s = src.execute(snapshot: { snap, jobs in
            #expect(jobs == ["dyn-t"])
            srcSnapshots[snap.step] = snap
        })
        #expect(s.forkProblem == nil && s.results[0].forkedFrom?.job == "full-1")
        let srcRecord = try #require(s.forkRecording)
        let fromSource = try #require(srcRecord.forkSteps["dyn-t"])
        let fromBaseline = try #require(baseRecord.forkSteps["dyn-t"])
        #expect(fromSource > fromBaseline, "the sibling shares more with the source than with the baseline")

        func runSibling(_ fork: ForkStart?) -> BenchRun.Outcome {
            var run = BenchRun(config: sibling, schedules: [.dynamicSuffix], threads: 1, baseline: baseline)
            run.modelledClock = clock
            run.forkStart = fork
            return run.execute()
        }
        let plain = runSibling(nil)
        let forked = runSibling(try Self.start(srcRecord, job: "dyn-t", source: "dyn-s", snapshots: srcSnapshots))
        #expect(forked.forkProblem == nil)
        #expect(forked.results[0].forkedFrom == ForkOrigin(job: "dyn-s", step: fromSource))
        #expect(
            ForkExactnessTests.withoutWallTime(forked.results[0])
                == ForkExactnessTests.withoutWallTime(plain.results[0]))
        var a = forked.traces[.dynamicSuffix]!
        var b = plain.traces[.dynamicSuffix]!
        a.stepTimesMs = []
        b.stepTimesMs = []
        #expect(a == b)
        #expect(
            b.activeLayersHist.prefix(fromSource).contains { $0 < source.nLayers }, "the shared prefix froze blocks")
    }
}
