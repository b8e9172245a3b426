import Vocabulary

/// Groups runs into rows, pairs each run with its full_update baseline, judges and ranks.
package enum Aggregator {
    package static func aggregate(_ input: ReportInput, rules: Rules) -> SweepReport {
        let runs = input.runs
        let baselines = BaselineIndex(runs)

        // Group by schedule and every setting that matters to it, the seed aside.
        var order: [GroupKey] = []
        var groups: [GroupKey: [Int]] = [:]
        for (i, run) in runs.enumerated() {
            let key = GroupKey(run)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(i)
        }

        var rows: [ReportRow] = []
        rows.reserveCapacity(order.count)
        for key in order {
            let members = groups[key]!.map { runs[$0] }
            rows.append(makeRow(members, baselines: baselines, rules: rules))
        }

        // Candidates are ranked and judged; the baseline comes first among the baselines, then
        // the references, ranked.
        let ranked = rank(rows.filter { $0.schedule.kind.role == .candidate })
        let base = rows.filter(\.schedule.isBaseline) + rank(rows.filter { $0.schedule.kind.role == .reference })
        var report = SweepReport(
            title: input.title, description: input.description, rules: rules, ranked: ranked,
            baselines: base, unfinished: input.unfinished, fileCount: input.fileCount,
            runner: input.runner, varying: varyingParameters(ranked), common: commonSettings(rows))
        report.varyingParams = varyingJobParameters(ranked)
        report.metrics = MetricsTable(input.metrics, settings: input.settings)
        report.plainRuns = input.plainRuns
        report.adaptiveSeeds = input.adaptiveSeeds
        report.calibrations = input.calibrations
        return report
    }

    // MARK: Rows

    static func makeRow(_ members: [RunRecord], baselines: BaselineIndex, rules: Rules) -> ReportRow {
        let first = members[0]
        let schedule = first.result.schedule
        var observations: [Observation] = []
        var impossible = 0
        var aboveEstimate = 0
        var diverged = 0
        var divergedBaselineSeeds: [Int] = []
        var activeSum = 0.0
        var activeCount = 0
        for run in members {
            var obs = Observation(seed: run.settings.seed, source: run.source, device: run.device)
            let active = activeLayers(of: run)
            if let active {
                activeSum += active
                activeCount += 1
            }
            if !schedule.isBaseline, let base = baselines.baseline(for: run) {
                obs.baselineSource = base.source
                if base.diverged { divergedBaselineSeeds.append(run.settings.seed) }
                if let ms = finitePositive(run.result.meanStepMs), let fullMs = base.meanStepMs {
                    obs.speedup = fullMs / ms
                }
                obs.speedupModelled = modelledSpeedup(of: run, baselineModelledMs: base.modelledMeanStepMs)
                if let fullVal = base.valLoss {
                    if let val = run.result.finalValLoss, !run.diverged {
                        obs.valLossIncrease = (val - fullVal) / fullVal
                    } else {
                        obs.valLossIncrease = .infinity
                        diverged += 1
                    }
                }
                if let s = obs.speedup, let active, active > 0 {
                    let model = CostModel(layers: run.settings.nLayers, activeLayers: active)
                    if model.isImpossible(s) { impossible += 1 } else if model.isAboveEstimate(s) { aboveEstimate += 1 }
                }
            }
            observations.append(obs)
        }

        var row = ReportRow(schedule: schedule, settings: first.settings, runs: members, observations: observations)
        row.valLoss = mean(members.compactMap(\.result.finalValLoss))
        row.meanStepMs = mean(members.compactMap(\.result.meanStepMs))
        row.activeLayers = activeCount > 0 ? activeSum / Double(activeCount) : nil
        row.probes = mean(members.compactMap { $0.result.probeStepCount.map(Double.init) })
        row.steps = mean(members.compactMap { steps(of: $0).map(Double.init) })
        guard !schedule.isBaseline else { return row }

        // Only runs paired on both counts enter the statistics, so the two intervals describe
        // the same runs.
        let paired = observations.filter { $0.speedup != nil && $0.valLossIncrease != nil }
        row.speedupMeasured = Estimate.ofRatios(paired.map { $0.speedup! })
        let modelled = paired.compactMap(\.speedupModelled)
        row.speedupModelled = modelled.count == paired.count ? Estimate.ofRatios(modelled) : nil
        (row.speedup, row.speedBasis) = chooseSpeedup(
            measured: row.speedupMeasured, modelled: row.speedupModelled,
            basis: rules.speed)
        row.valLossIncrease = Estimate(paired.map { $0.valLossIncrease! })
        var extra: [RowFlag] = []
        if paired.count < observations.count && !paired.isEmpty { extra.append(.unpaired) }
        if diverged > 0 || !divergedBaselineSeeds.isEmpty { extra.append(.diverged) }
        var unpairedReason: String?
        if paired.isEmpty, !divergedBaselineSeeds.isEmpty {
            // Its numbers still show: the speedups stand without a val-loss yardstick.
            row.speedupMeasured = Estimate.ofRatios(observations.compactMap(\.speedup))
            let modelled = observations.compactMap(\.speedupModelled)
            row.speedupModelled = modelled.count == observations.count ? Estimate.ofRatios(modelled) : nil
            (row.speedup, row.speedBasis) = chooseSpeedup(
                measured: row.speedupMeasured, modelled: row.speedupModelled,
                basis: rules.speed)
            let seeds = Array(Set(divergedBaselineSeeds)).sorted()
            unpairedReason =
                "full_update baseline of seed\(seeds.count == 1 ? "" : "s") "
                + seeds.map(String.init).joined(separator: ", ")
                + " diverged (val or train loss NaN, Infinity or null), so there is no val loss to compare with"
        }
        let model = row.activeLayers.map { CostModel(layers: first.settings.nLayers, activeLayers: $0) }
        let prices = Set(members.compactMap(\.pricedBy))
        if prices.count > 1 {
            // Runs priced by two calibrations took budgets and speedups from different prices:
            // pooled, their interval would describe neither.
            extra.append(.mixedPrices)
        }
        let margin = calibrationMargin(members, baselines: baselines)
        if readsModelled(row) { row.calibrationMargin = margin }
        var judgement = Judge.judge(
            speedup: row.speedup, increase: row.valLossIncrease, rules: rules,
            impossibleRuns: impossible, suspectRejects: !readsModelled(row), aboveEstimateRuns: aboveEstimate,
            limits: model, extraFlags: extra, unpairedReason: unpairedReason,
            sameWorkAsFull: sameWorkAsFull(first), calibration: row.calibrationMargin)
        if prices.count > 1, !judgement.flags.contains(.degenerate) {
            judgement.verdict = .inconclusive
            judgement.moreSeeds = nil
            judgement.reasons.insert(
                "its runs were priced by \(prices.count) different calibrations (\(pricesText(members))); they are not "
                    + "pooled into a verdict: run the sweep again in its folder, which reruns the outdated ones", at: 0)
        }
        // The intervals shown are the ones the verdict read: the calibration's margin included.
        if let margin = row.calibrationMargin {
            row.speedup = row.speedup?.widenedRatio(by: margin.speedup)
            row.speedupModelled = row.speedupModelled?.widenedRatio(by: margin.speedup)
            row.valLossIncrease = row.valLossIncrease?.widened(by: margin.valLossIncrease)
        }
        row.judgement = judgement
        let disturbed = timingDisturbances(observations, calibrationMargin: margin?.speedup ?? 0)
        if !disturbed.isEmpty {
            row.judgement?.flags.append(.timingDisturbed)
            row.judgement?.reasons.append("timing disturbed: " + disturbed.joined(separator: "; "))
        }
        if judgement.qualityFailed {
            row.remedies = schedule.kind.qualityRemedies(first.settings)
        }
        if judgement.speedFailed {
            row.limits = Remedies.speedLimits(
                settings: first.settings, schedule: schedule,
                activeLayers: row.activeLayers, probes: row.probes,
                steps: row.steps, minSpeedup: rules.minSpeedup)
        }
        row.closeness = closeness(
            row, rules: rules, suspect: (impossible > 0 && !readsModelled(row)) || judgement.flags.contains(.degenerate)
        )
        return row
    }

    /// A run's modelled speedup, priced by one calibration: the run's own
    /// `speedup_vs_full_modelled` where its engine priced the baseline itself (results that carry
    /// `modelled_halfwidth`, BenchRun.Baseline.priced), else the baseline's modelled mean step
    /// over the run's (older results and reference files).
    static func modelledSpeedup(of run: RunRecord, baselineModelledMs: Double?) -> Double? {
        if run.result.modelledHalfwidth != nil, let own = finitePositive(run.result.speedupVsFullModelled) {
            return own
        }
        guard let ms = finitePositive(run.result.modelledMeanStepMs), let fullMs = baselineModelledMs else {
            return nil
        }
        return fullMs / ms
    }

    /// The calibration's reach over a row (CalibrationMargin): the widest of its runs' modelled
    /// half-widths, and of their budget's effect on val loss as a fraction of the baseline's;
    /// nil when a run does not carry its half-width (older results: nothing to widen by).
    static func calibrationMargin(_ members: [RunRecord], baselines: BaselineIndex) -> CalibrationMargin? {
        var speed = 0.0
        var val = 0.0
        for run in members {
            guard let h = run.result.modelledHalfwidth, h.isFinite else { return nil }
            speed = max(speed, h)
            if let loss = run.result.budgetLossHalfwidth, loss.isFinite,
                let fullVal = baselines.baseline(for: run)?.valLoss, fullVal > 0
            {
                val = max(val, loss / fullVal)
            }
        }
        return CalibrationMargin(speedup: speed, valLossIncrease: val)
    }

    /// "seeds 1, 2 by 3f2a…; seed 3 by 9c1d…": which runs each calibration priced.
    static func pricesText(_ members: [RunRecord]) -> String {
        var order: [String] = []
        var seeds: [String: [Int]] = [:]
        for run in members {
            let price = run.pricedBy ?? "no calibration"
            if seeds[price] == nil { order.append(price) }
            seeds[price, default: []].append(run.settings.seed)
        }
        return order.map { price in
            let list = seeds[price]!.sorted()
            return "seed\(list.count == 1 ? "" : "s") \(list.map(String.init).joined(separator: ", ")) by \(price)"
        }.joined(separator: "; ")
    }

    /// The speedup the verdict reads and what it is: modelled when asked for and every paired
    /// run has modelled step times, else measured (saying so when modelled was asked for).
    /// Whether the row's verdict reads the modelled speedup (a measured timing fault cannot move it).
    static func readsModelled(_ row: ReportRow) -> Bool { row.speedBasis == "modelled" }

    static func chooseSpeedup(measured: Estimate?, modelled: Estimate?, basis: SpeedBasis) -> (Estimate?, String?) {
        switch basis {
        case .measured: return (measured, measured == nil ? nil : "measured")
        case .modelled:
            if let modelled { return (modelled, "modelled") }
            return (measured, measured == nil ? nil : "measured (no calibration)")
        }
    }

    /// A measured speedup more than this fraction off the modelled one, beyond what the
    /// calibration's own uncertainty explains, flags the row.
    static let timingDisturbedTolerance = 0.05

    /// "seed 2: measured 1.52×, modelled 1.71×" for each run whose two speedups differ by more
    /// than 5% of the modelled one plus the calibration's margin (a difference the calibration
    /// explains is not a disturbance).
    static func timingDisturbances(_ observations: [Observation], calibrationMargin: Double = 0) -> [String] {
        observations.compactMap { obs in
            guard let measured = obs.speedup, let modelled = obs.speedupModelled, modelled > 0,
                abs(measured / modelled - 1) > timingDisturbedTolerance + calibrationMargin
            else { return nil }
            return "seed \(obs.seed): measured \(fmtX(measured)), modelled \(fmtX(modelled))"
        }
    }

    /// Why a run's settings train every block on every step (K ≥ N), or nil. Sweeps refuse
    /// such settings, but reference files and older results may hold them.
    static func sameWorkAsFull(_ run: RunRecord) -> String? {
        let c = run.settings
        guard let setting = run.result.schedule.kind.degenerateSetting else { return nil }
        let k = setting.value(c)
        return k >= c.nLayers ? "\(setting.name) \(k) ≥ n_layers \(c.nLayers)" : nil
    }

    /// Active layers per step on average: recorded, or implied by the schedule.
    static func activeLayers(of run: RunRecord) -> Double? {
        if let a = run.result.activeLayersMean, a.isFinite { return a }
        return run.result.schedule.kind.fixedActiveLayers(run.settings).map(Double.init)
    }

    /// Steps run: recorded, or (older files) the configured count where it is certain.
    static func steps(of run: RunRecord) -> Int? {
        if let s = run.result.stepsExecuted { return s }
        if run.result.schedule.isBaseline || !run.settings.equalTimeBudget { return run.settings.steps }
        return nil
    }

    /// How far from acceptance: relative speed shortfall plus val-loss excess (both fractions).
    static func closeness(_ row: ReportRow, rules: Rules, suspect: Bool) -> Double {
        guard let s = row.speedup?.mean, let v = row.valLossIncrease?.mean, s.isFinite, v.isFinite else {
            return .infinity
        }
        let d = max(0, (rules.minSpeedup - s) / rules.minSpeedup) + max(0, v - rules.maxValLossIncrease)
        // A timing fault says nothing about the configuration: rank it after real rejects.
        return suspect ? 1_000 + d : d
    }

    // MARK: Ranking

    static func rank(_ rows: [ReportRow]) -> [ReportRow] {
        func tier(_ r: ReportRow) -> Int {
            switch r.verdict {
            case .keep: return 0
            case .inconclusive: return 1
            case .reject, nil: return 2
            }
        }
        func speed(_ r: ReportRow) -> Double {
            guard let s = r.speedup?.mean, s.isFinite else { return -.infinity }
            return s
        }
        let keyed = rows.map { (row: $0, name: configText($0)) }
        return keyed.sorted { a, b in
            let (ta, tb) = (tier(a.row), tier(b.row))
            if ta != tb { return ta < tb }
            if ta == 2, a.row.closeness != b.row.closeness { return a.row.closeness < b.row.closeness }
            if speed(a.row) != speed(b.row) { return speed(a.row) > speed(b.row) }
            return a.name < b.name
        }.map(\.row)
    }

    /// A stable text of a row's settings, to break ties deterministically.
    static func configText(_ row: ReportRow) -> String {
        (BenchParameter.all.compactMap { p in row.value(of: p).map { "\(p.name)=\($0)" } }
            + row.params.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: ",")
    }

    // MARK: What varies, what is shared

    static func varyingParameters(_ rows: [ReportRow]) -> [String] {
        BenchParameter.all.filter { p in
            guard p.name != "seed" else { return false }
            return Set(rows.compactMap { $0.value(of: p) }).count > 1
        }.map(\.name)
    }

    /// A command runner's own parameters whose value differs between rows.
    static func varyingJobParameters(_ rows: [ReportRow]) -> [String] {
        let names = Set(rows.flatMap(\.params.keys)).sorted()
        return names.filter { name in Set(rows.map { $0.params[name] }).count > 1 }
    }

    static func commonSettings(_ rows: [ReportRow]) -> [(name: String, value: ParameterValue)] {
        let defaults = BenchConfig()
        return BenchParameter.all.compactMap { p in
            guard p.name != "seed" else { return nil }
            let values = Set(rows.compactMap { $0.value(of: p) })
            guard values.count == 1, let v = values.first, v != p.value(in: defaults) else { return nil }
            return (p.name, v)
        }
    }

    static func mean(_ values: [Double]) -> Double? {
        let finite = values.filter(\.isFinite)
        return finite.isEmpty ? nil : finite.reduce(0, +) / Double(finite.count)
    }

    static func finitePositive(_ v: Double?) -> Double? {
        guard let v, v.isFinite, v > 0 else { return nil }
        return v
    }
}
