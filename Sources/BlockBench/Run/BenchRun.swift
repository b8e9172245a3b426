import Foundation
import Vocabulary

/// One benchmark run: builds teacher and student, then trains each requested schedule from the
/// same student weights on the same batches and reports what the reference reports.
package struct BenchRun: Sendable {
    /// The full_update run another process did for this config and seed (equal-time budget and
    /// speedup_vs_full come from it when full_update is not run here).
    package struct Baseline: Sendable, Equatable {
        package var elapsedMs: Double
        package var meanStepMs: Double?
        /// Its modelled clock's figures, when it ran with a calibration.
        package var modelledElapsedMs: Double?
        package var modelledMeanStepMs: Double?
        /// The steps it took (all full steps); nil in files without `steps_executed`.
        package var steps: Int?
        package init(elapsedMs: Double, meanStepMs: Double?, steps: Int? = nil) {
            self.elapsedMs = elapsedMs
            self.meanStepMs = meanStepMs
            self.steps = steps
        }

        /// Its modelled figures priced by `clock`, this run's own calibration, whatever
        /// calibration its process read: a full_update run takes only full steps, so its
        /// modelled time is its step count times the full step's cost. A budget and a speedup
        /// are then priced by one calibration, never two (docs/benchmark.md, "One price per
        /// folder"). Unchanged without a step count (older files).
        package func priced(by clock: ModelledClock?) -> Baseline {
            guard let clock, let steps, let full = clock.fullStepMs else { return self }
            var priced = self
            priced.modelledElapsedMs = Double(steps) * full
            priced.modelledMeanStepMs = full
            return priced
        }
    }

    package var config: BenchConfig
    package var schedules: [Schedule]
    package var threads: Int
    package var baseline: Baseline?
    /// Calibrated step costs: when set, every step also charges its kind's cost to a modelled clock.
    package var modelledClock: ModelledClock?
    /// Prefix forking, full_update: the dynamic_suffix jobs that will fork from this run.
    package var forkDependents: [ForkDependent] = []
    /// Prefix forking, dynamic_suffix: the baseline's record and state this run starts from.
    package var forkStart: ForkStart?

    package init(
        config: BenchConfig, schedules: [Schedule] = Schedule.allCases, threads: Int, baseline: Baseline? = nil
    ) {
        self.config = config
        self.schedules = schedules.sorted()
        self.threads = max(threads, 1)
        self.baseline = baseline
    }

    /// Random streams: one per use, so adding a use never shifts another's numbers.
    enum Stream: UInt64 { case teacher = 1, studentNoise, validation, training }

    /// Runs every schedule; `log` hears a progress line every `progressEvery` seconds and one
    /// line per finished schedule.
    package func run(progressEvery: Double = 10, log: (String) -> Void = { _ in }) -> (
        results: [ScheduleResult], traces: [Schedule: ScheduleTrace]
    ) {
        let outcome = execute(progressEvery: progressEvery, log: log)
        return (outcome.results, outcome.traces)
    }

    /// What `execute` produced: `run`'s results, plus what prefix forking needs.
    package struct Outcome {
        package var results: [ScheduleResult] = []
        package var traces: [Schedule: ScheduleTrace] = [:]
        /// full_update with fork dependents: what it recorded for them.
        package var forkRecording: ForkRecording?
        /// A fork start that could not be used, and why (the run then trained from step 0).
        package var forkProblem: String?
    }

    /// `run`, with prefix forking: `snapshot` receives each training-state snapshot a fork
    /// dependent needs, with the jobs that fork from it, as the baseline reaches it. `stepDone`
    /// hears each step as it ends, outside its measured time (the job's progress file).
    package func execute(
        progressEvery: Double = 10, log: (String) -> Void = { _ in },
        snapshot: (TrainingSnapshot, [String]) -> Void = { _, _ in },
        stepDone: (StepRecord) -> Void = { _ in }
    ) -> Outcome {
        let c = config
        let rows = c.rowsPerBatch
        let (teacher, student) = Self.models(for: c)
        let settings = Self.optimizerSettings(for: c)

        var outcome = Outcome()
        var full = baseline?.priced(by: modelledClock)
        var validation: [(FloatBuffer, FloatBuffer)] = []
        for schedule in schedules {
            let trainer = Trainer(model: student.copy(), rows: rows, settings: settings, threads: threads)
            if validation.isEmpty {
                var random = RandomStream(seed: c.seed, stream: Stream.validation.rawValue)
                validation = (0..<c.valBatches).map { _ in
                    Self.drawBatch(teacher: teacher, trainer: trainer, random: &random)
                }
            }
            let budgetReadsModelled = modelledClock?.drivesTimeBudget == true
            let timeBudget =
                (c.equalTimeBudget && !schedule.isBaseline)
                ? (budgetReadsModelled ? full?.modelledElapsedMs : full?.elapsedMs) : nil
            let trained = train(
                schedule, trainer: trainer, teacher: teacher, timeBudgetMs: timeBudget,
                progressEvery: progressEvery, log: log, snapshot: snapshot, stepDone: stepDone)
            if trained.recording != nil { outcome.forkRecording = trained.recording }
            if trained.forkProblem != nil { outcome.forkProblem = trained.forkProblem }
            var result = trained.result
            let valLoss =
                validation.map { trainer.evaluate(input: $0.0, target: $0.1) }.reduce(0, +)
                / Double(max(validation.count, 1))
            result.finalValLoss = valLoss
            if schedule.isBaseline {
                full = Baseline(
                    elapsedMs: result.elapsedMs ?? 0, meanStepMs: result.meanStepMs, steps: result.stepsExecuted)
                full?.modelledElapsedMs = result.modelledElapsedMs
                full?.modelledMeanStepMs = result.modelledMeanStepMs
                result.speedupVsFull = 1.0
                if modelledClock != nil { result.speedupVsFullModelled = 1.0 }
            } else {
                if let fullMean = full?.meanStepMs, let mean = result.meanStepMs {
                    result.speedupVsFull = fullMean / mean
                }
                if let fullMean = full?.modelledMeanStepMs, let mean = result.modelledMeanStepMs {
                    result.speedupVsFullModelled = fullMean / mean
                }
            }
            outcome.results.append(result)
            outcome.traces[schedule] = trained.trace
            log(Self.summaryLine(result))
        }
        return outcome
    }

    /// The steps a schedule may take: `steps`, or under an equal-time budget up to
    /// max(steps, round(steps × max_steps_multiplier)).
    static func stepsLimit(_ c: BenchConfig, timeBudgetMs: Double?) -> Int {
        timeBudgetMs == nil
            ? c.steps
            : max(c.steps, Int((Double(c.steps) * c.maxStepsMultiplier).rounded(.toNearestOrEven)))
    }

    private func train(
        _ schedule: Schedule, trainer: Trainer, teacher: ModelWeights,
        timeBudgetMs: Double?, progressEvery: Double,
        log: (String) -> Void, snapshot: (TrainingSnapshot, [String]) -> Void, stepDone: (StepRecord) -> Void
    ) -> (result: ScheduleResult, trace: ScheduleTrace, recording: ForkRecording?, forkProblem: String?) {
        let c = config
        let n = c.nLayers
        let stepsLimit = Self.stepsLimit(c, timeBudgetMs: timeBudgetMs)
        var planner = schedule.kind.stepPlanner(c, budgetMs: timeBudgetMs, limit: stepsLimit)
        var random = RandomStream(seed: c.seed, stream: Stream.training.rawValue)
        let input = FloatBuffer(count: c.rowsPerBatch * c.dmodel)
        let target = FloatBuffer(count: c.rowsPerBatch * c.dmodel)
        // The modelled clock: each step charges its kind's calibrated cost. Under
        // `equal_time_clock: modelled` the budget, freeze gate and recovery read it, not `elapsed`.
        var steps = StepLog(capacity: stepsLimit, modelled: modelledClock != nil)
        let budgetClockIsModelled = modelledClock?.drivesTimeBudget == true
        let clock = ContinuousClock()
        var lastProgress = clock.now

        // Prefix forking, dependent: take the first steps from the baseline's record.
        var firstStep = 0
        var forkedFrom: ForkOrigin? = nil
        var forkProblem: String? = nil
        if let fork = forkStart, schedule.kind.forking == .dependent {
            var replayed = planner
            var replayedSteps = steps
            if let problem = replay(fork, planner: &replayed, steps: &replayedSteps, timeBudgetMs: timeBudgetMs) {
                forkProblem = problem
                log("not forking: \(problem); training from step 0")
            } else {
                planner = replayed
                steps = replayedSteps
                Self.skipBatches(fork.step, random: &random, values: input.count)
                trainer.restore(fork.snapshot)
                firstStep = fork.step
                forkedFrom = ForkOrigin(job: fork.baselineJob, step: fork.step)
            }
        }
        // Prefix forking, source (a baseline or a dynamic_suffix sibling): follow the
        // dependents' controllers to their divergence.
        var shadows: ForkShadows? = nil
        var recording: ForkRecording? = nil
        if schedule.kind.forking != .none && !forkDependents.isEmpty {
            // A dependent's equal-time budget is the baseline's modelled elapsed time: what a
            // baseline will reach after its steps, or what this run's own budget already is.
            let budget =
                schedule.isBaseline
                ? modelledClock.map { clock in
                    (0..<c.steps).reduce(0.0) { total, _ in
                        total + Self.calibratedCost(clock.costs, activeLayers: n, probe: false)
                    }
                } : (budgetClockIsModelled ? timeBudgetMs : nil)
            shadows = ForkShadows(
                dependents: forkDependents, baseline: c, modelledClock: modelledClock, modelledBudgetMs: budget)
            recording = ForkRecording()
            // A forked source follows its dependents through the steps it took from its record too.
            if let fork = forkStart, firstStep > 0 {
                for step in 0..<firstStep {
                    let decision = shadows!.beforeStep(
                        step, losses: Array(steps.losses.prefix(step)), sourceStart: n - steps.active[step])
                    shadows!.refuse(
                        decision.forkHere, reason: "it diverges at step \(step), before this run's own fork step")
                    let stats = decision.probing ? fork.relevance[step] : nil
                    if let stats { recording!.relevance.append((step, stats)) }
                    shadows!.afterStep(step, loss: steps.losses[step], stats: stats, activeLayers: steps.active[step])
                }
            }
        }

        for step in firstStep..<stepsLimit {
            let budgetElapsed = budgetClockIsModelled ? steps.modelled : steps.elapsed
            if let budget = timeBudgetMs, budgetElapsed >= budget, step >= max(1, c.warmupIgnoreSteps) { break }
            Self.fillBatch(input: input, target: target, teacher: teacher, trainer: trainer, random: &random)
            let plan = planner.plan(step: step, elapsedMs: budgetElapsed, losses: steps.losses)
            let (start, probe) = (plan.activeStart, plan.isProbe)
            var recordRelevance = false
            if shadows != nil {
                let decision = shadows!.beforeStep(step, losses: steps.losses, sourceStart: start)
                if !decision.forkHere.isEmpty { snapshot(trainer.snapshot(step: step), decision.forkHere) }
                recordRelevance = decision.probing
            }
            let loss: Double
            let ms: Double
            if recordRelevance {
                // A dependent probing here trains every block, and so does this run.
                let recorded = Self.timedRecordingStep(
                    trainer: trainer, input: input, target: target, own: probe ? c.dynRelevanceMetric : nil)
                (loss, ms) = (recorded.loss, recorded.ms)
                if probe {
                    let scores = recorded.relevance.map { $0.score(c.dynRelevanceMetric, eps: c.dynEps)! }
                    planner.recordProbe(step: step, loss: loss, scores: scores)
                }
                recording!.relevance.append((step, recorded.relevance))
                shadows!.afterStep(step, loss: loss, stats: recorded.relevance, activeLayers: n - start)
            } else {
                let (outcome, took) = Self.timedStep(
                    trainer: trainer, input: input, target: target, activeStart: start,
                    relevance: probe ? c.dynRelevanceMetric : nil, eps: c.dynEps)
                if probe { planner.recordProbe(step: step, loss: outcome.loss, scores: outcome.relevance ?? []) }
                (loss, ms) = (outcome.loss, took)
                shadows?.afterStep(step, loss: loss, stats: nil, activeLayers: n - start)
            }
            steps.append(
                ms: ms, loss: loss, active: n - start,
                cost: modelledClock.map { Self.calibratedCost($0.costs, activeLayers: n - start, probe: probe) },
                halfwidth: modelledClock?.halfwidth(activeLayers: n - start, probe: probe))
            var record = StepRecord(step: step)
            record.schedule = schedule.rawValue
            record.kind = (probe ? StepKind.probe : .active(n - start)).description
            record.ms = ms
            record.modelledMs = modelledClock != nil ? steps.modelledTimes.last : nil
            record.loss = loss
            record.probeLoss = probe ? loss : nil
            record.activeLayers = n - start
            record.elapsedMs = steps.elapsed
            record.modelledElapsedMs = modelledClock != nil ? steps.modelled : nil
            record.stepsLimit = stepsLimit
            record.budgetMs = timeBudgetMs
            record.budgetClock = timeBudgetMs == nil ? nil : (budgetClockIsModelled ? "modelled" : "wall")
            stepDone(record)
            if lastProgress.duration(to: clock.now) >= .seconds(progressEvery) {
                lastProgress = clock.now
                log(
                    "\(schedule.rawValue): step \(step + 1)/\(stepsLimit), loss \(NumberText.fixed(Double(loss), 6)), "
                        + "\(NumberText.fixed(steps.elapsed / Double(step + 1), 1)) ms/step")
            }
        }
        if shadows != nil {
            let atEnd = shadows!.finish(step: steps.times.count)
            if !atEnd.isEmpty { snapshot(trainer.snapshot(step: steps.times.count), atEnd) }
            recording!.forkSteps = shadows!.forkSteps
            recording!.refused = shadows!.refused
            recording!.losses = steps.losses
            recording!.stepTimesMs = steps.times
            recording!.activeLayers = steps.active
        }
        var result = ScheduleResult(schedule: schedule, notes: schedule.kind.notes(c))
        let times = steps.times
        let active = steps.active
        let stats = StepStatistics(times: times, ignoreFirst: c.warmupIgnoreSteps)
        result.stepsExecuted = times.count
        result.elapsedMs = steps.elapsed
        result.trainLossStart = steps.losses.first
        result.trainLossEnd = steps.losses.last
        result.meanStepMs = stats.mean
        result.p50StepMs = stats.p50
        result.p90StepMs = stats.p90
        result.activeLayersMean = active.isEmpty ? nil : Double(active.reduce(0, +)) / Double(active.count)
        result.activeLayersMin = active.min()
        result.activeLayersMax = active.max()
        result.probeStepCount = planner.probeCount
        result.forkedFrom = forkedFrom
        // A non-finite loss is nil, as JSON writes it (null).
        var trace = ScheduleTrace(
            stepTimesMs: times, trainLosses: steps.losses.map { $0.isFinite ? $0 : nil },
            activeLayersHist: active, dynamicTrace: planner.events)
        if modelledClock != nil {
            result.modelledElapsedMs = steps.modelled
            result.modelledMeanStepMs =
                StepStatistics(times: steps.modelledTimes, ignoreFirst: c.warmupIgnoreSteps).mean
            trace.modelledStepMs = steps.modelledTimes
            if let spread = steps.modelledSpread, steps.modelled > 0 {
                let halfwidth = spread / steps.modelled
                result.modelledHalfwidth = halfwidth
                if budgetClockIsModelled, timeBudgetMs != nil {
                    result.budgetLossHalfwidth = Self.budgetLossHalfwidth(losses: steps.losses, halfwidth: halfwidth)
                }
            }
        }
        return (result, trace, recording, forkProblem)
    }

    /// The teacher and the student every schedule starts from.
    static func models(for c: BenchConfig) -> (teacher: ModelWeights, student: ModelWeights) {
        var teacherRandom = RandomStream(seed: c.seed, stream: Stream.teacher.rawValue)
        let teacher = ModelWeights.initialized(
            dmodel: c.dmodel, hidden: c.hidden, nLayers: c.nLayers,
            random: &teacherRandom)
        var noiseRandom = RandomStream(seed: c.seed, stream: Stream.studentNoise.rawValue)
        return (teacher, teacher.perturbed(std: Float(c.teacherNoise), random: &noiseRandom))
    }

    static func optimizerSettings(for c: BenchConfig) -> AdamWSettings {
        AdamWSettings(lr: Float(c.lr), weightDecay: Float(c.weightDecay))
    }

    /// How far the final loss could move if the modelled budget bought `halfwidth` × steps more
    /// or fewer steps: that many steps times the train loss's slope over the last fifth of the
    /// run (a least-squares line, at least 10 steps), taken as a magnitude.
    static func budgetLossHalfwidth(losses: [Double], halfwidth: Double) -> Double? {
        let tail = Array(losses.suffix(max(10, losses.count / 5))).filter(\.isFinite)
        guard tail.count >= 3 else { return nil }
        let n = Double(tail.count)
        let meanX = (n - 1) / 2
        let meanY = tail.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        for (i, y) in tail.enumerated() {
            sxy += (Double(i) - meanX) * (y - meanY)
            sxx += (Double(i) - meanX) * (Double(i) - meanX)
        }
        return abs(sxy / sxx) * halfwidth * Double(losses.count)
    }

    /// A step's calibrated cost. `bench` refuses a calibration without every kind the run can
    /// take (StepKind.taken), so a missing one here means that rule missed a kind: stop rather
    /// than leave the step off the modelled clock.
    static func calibratedCost(_ costs: StepCosts, activeLayers: Int, probe: Bool) -> Double {
        guard let cost = costs.cost(activeLayers: activeLayers, probe: probe) else {
            preconditionFailure("step kind \(probe ? "probe" : "active_\(activeLayers)") has no calibrated cost")
        }
        return cost
    }

    /// One training step, timed on the monotonic clock (batch preparation is not inside).
    static func timedStep(
        trainer: Trainer, input: FloatBuffer, target: FloatBuffer, activeStart: Int,
        relevance: RelevanceMetric?, eps: Double
    ) -> (outcome: (loss: Double, relevance: [Double]?), ms: Double) {
        let clock = ContinuousClock()
        let began = clock.now
        let outcome = trainer.trainStep(
            input: input, target: target, activeStart: activeStart,
            relevance: relevance, relevanceEps: eps)
        let took = began.duration(to: clock.now)
        return (outcome, Double(took.components.seconds) * 1e3 + Double(took.components.attoseconds) * 1e-15)
    }

    /// A fresh batch x ~ N(0, 1) and its target teacher(x); done outside the timed step.
    static func fillBatch(
        input: FloatBuffer, target: FloatBuffer, teacher: ModelWeights, trainer: Trainer,
        random: inout RandomStream
    ) {
        random.fillNormal(input)
        Trainer.forward(
            teacher, input: input, workspace: trainer.workspace, parallel: trainer.parallel,
            keepFrom: teacher.nLayers)
        target.copy(from: trainer.workspace.output)
    }

    /// Advances the training stream past `count` batches without computing their targets: a
    /// forked run draws exactly the numbers its inherited steps would have drawn.
    static func skipBatches(_ count: Int, random: inout RandomStream, values: Int) {
        for _ in 0..<(count * values) { _ = random.normal() }
    }

    static func drawBatch(teacher: ModelWeights, trainer: Trainer, random: inout RandomStream) -> (
        FloatBuffer, FloatBuffer
    ) {
        let count = trainer.workspace.rows * teacher.dmodel
        let input = FloatBuffer(count: count)
        let target = FloatBuffer(count: count)
        fillBatch(input: input, target: target, teacher: teacher, trainer: trainer, random: &random)
        return (input, target)
    }

    static func summaryLine(_ r: ScheduleResult) -> String {
        let f = ConsoleSummary.number
        let steps = r.stepsExecuted ?? 0
        return "\(r.schedule.rawValue): \(steps) step\(steps == 1 ? "" : "s"), \(f(r.meanStepMs, 2)) ms/step, "
            + "val loss \(f(r.finalValLoss, 6))"
    }
}
