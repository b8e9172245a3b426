import Foundation
import Vocabulary

/// Renders the morning report: summary, ranked table, remedies, baselines, figures and the
/// jobs that produced nothing. Deterministic for a given input (golden-file tested).
package enum MarkdownReport {
    package static func render(_ r: SweepReport, figures: [FigureLink] = [], emitSweepHint: Bool = true) -> String {
        var out: [String] = []
        out.append("# Sweep report: \(r.title.md)")
        out.append("")
        if let description = r.description?.trimmingCharacters(in: .whitespacesAndNewlines), !description.isEmpty {
            out.append(description.md)
            out.append("")
        }
        let onlyOwnRuns = r.onlyOwnRuns
        if !onlyOwnRuns {
            out.append(rulesLine(r.rules))
            out.append("")
            for note in r.calibrations {
                out.append("Calibration \(note.text.md).")
                out.append("")
            }
        }
        let without =
            r.unfinished.isEmpty ? "." : "; \(r.unfinished.count) job\(plural(r.unfinished.count)) without a result."
        if let metrics = r.metrics, onlyOwnRuns {
            out.append(
                "Read \(r.fileCount) result file\(plural(r.fileCount)): \(metrics.rows.count) "
                    + "configuration\(plural(metrics.rows.count)) of metrics" + without)
        } else if onlyOwnRuns {
            let done = r.plainRuns.filter { $0.state == "done" }.count
            out.append(
                "\(r.plainRuns.count) job\(plural(r.plainRuns.count)) of a command that writes no result file, "
                    + "\(done) done" + without)
        } else {
            out.append(
                "Read \(r.fileCount) result file\(plural(r.fileCount)): \(r.runCount) run\(plural(r.runCount)) "
                    + "in \(r.ranked.count) dynamic_suffix configuration\(plural(r.ranked.count))" + without)
        }
        if !r.common.isEmpty {
            out.append("")
            out.append(
                "Settings every run shares (where not the benchmark default): "
                    + r.common.map { "\($0.name.md)=\($0.value.description.md)" }.joined(separator: ", ") + ".")
        }
        if !onlyOwnRuns { out += summary(r, figures: figures) }
        out += metrics(r)
        out += plainRuns(r)
        out += ranked(r)
        out += remedies(r, emitSweepHint: emitSweepHint)
        out += limits(r)
        out += baselines(r)
        let rest = figures.dropFirst()
        if !rest.isEmpty {
            out += ["", "## Figures", ""]
            for f in rest { out += ["![\(f.title.md)](\(f.path))", ""] }
            out.removeLast()
        }
        out += unfinished(r)
        out += legend(r)
        return out.joined(separator: "\n") + "\n"
    }

    static func rulesLine(_ rules: Rules) -> String {
        "Rules: keep dynamic_suffix when its speedup over full_update is at least \(fmtX(rules.minSpeedup)) "
            + "and its val loss rises by at most \(fmtPct(rules.maxValLossIncrease).dropFirst()) "
            + "(with 2 or more runs, the 95% Student t interval of the paired values must clear both; speedups are "
            + "pooled on the log scale, as a geometric mean). Verdicts read the \(rules.speed.rawValue) speedup "
            + (rules.speed == .modelled
                ? "(step counts priced at the calibrated cost of each step kind; the calibration's own uncertainty is in every interval, and a verdict it could flip is inconclusive; rows whose results hold no modelled step times fall back to the measured one)."
                : "(timed step times).")
    }

    // MARK: Sections

    static func summary(_ r: SweepReport, figures: [FigureLink]) -> [String] {
        var out = ["", "## Summary", ""]
        out.append(MarkdownText.header(["keep", "inconclusive", "reject"], align: "rrr"))
        out.append(MarkdownText.row(Verdict.allCases.map { String(r.count($0)) }))
        out.append("")
        if let i = r.bestIndex {
            let best = r.ranked[i]
            out.append(
                "**Best kept configuration** (#\(i + 1)): \(shortConfig(best, r)) — "
                    + "\(speedText(best)) speedup, \(increaseText(best)) val loss, \(runsText(best)).")
        } else if r.ranked.isEmpty {
            out.append("No dynamic_suffix results to judge.")
        } else {
            out.append(
                "**No configuration is kept.**"
                    + (r.count(.inconclusive) > 0
                        ? " Inconclusive rows may settle with more seeds (see the reasons)." : ""))
        }
        if let scatter = figures.first {
            out += ["", "![\(scatter.title.md)](\(scatter.path))"]
        }
        return out
    }

    static func ranked(_ r: SweepReport) -> [String] {
        guard !r.ranked.isEmpty else { return [] }
        var out = ["", "## Ranked configurations (dynamic_suffix)", ""]
        // Adaptive seeds: each row's seed count and why it stopped there.
        let adaptive = r.adaptiveSeeds
        if let adaptive {
            out += [
                "Seeds: \(adaptive.initial) per configuration, then one more at a time while its verdict is not settled "
                    + "(inconclusive, or a reject whose interval straddles the threshold; not one the calibration "
                    + "decides, which no seed can settle), up to \(adaptive.max).", ""
            ]
        }
        out.append(
            MarkdownText.header(
                [
                    "#", "configuration", "runs", "speedup (95% CI)", "measured / modelled", "val loss",
                    "Δ val loss (95% CI)",
                    "active layers", "probes", "steps", "verdict", "reason"
                ] + (adaptive == nil ? [] : ["seeds"]), align: "rlrrrrrrrrll" + (adaptive == nil ? "" : "l")))
        let inline = r.varying.count + r.varyingParams.count <= maxInlineParameters
        for (i, row) in r.ranked.enumerated() {
            out.append(
                MarkdownText.row(
                    [
                        String(i + 1),
                        inline ? configText(row, varying: r.varying, params: r.varyingParams) : sourcesText(row),
                        runsText(row, short: true),
                        speedCell(row), bothSpeedsCell(row), num4(row.valLoss), increaseCell(row),
                        num1(row.activeLayers),
                        num0(row.probes), num0(row.steps), verdictCell(row), reasonCell(row)
                    ] + (adaptive.map { [SeedStop.text(row, adaptive: $0, rules: r.rules)] } ?? [])))
        }
        if !inline { out += settingsBlock(r) }
        return out
    }

    /// Above this many differing settings the configuration moves out of the table.
    static let maxInlineParameters = 6
    /// Up to this many rows, settings that differ are shown side by side (a column per row),
    /// which reads far better than one long line per row; beyond it a column would be too
    /// narrow, so each row gets its line.
    static let maxSideBySideRows = 8

    /// The settings that differ between ranked rows, below the ranked table.
    static func settingsBlock(_ r: SweepReport) -> [String] {
        var out = ["", "Settings that differ between the rows (\(r.varying.count); every other setting is shared):", ""]
        if r.ranked.count <= maxSideBySideRows {
            let numbers = r.ranked.indices.map { "#\($0 + 1)" }
            out.append(
                MarkdownText.header(["setting"] + numbers, align: "l" + String(repeating: "r", count: numbers.count)))
            for name in r.varying {
                guard let p = BenchParameter.named(name) else { continue }
                out.append(
                    MarkdownText.row(
                        [name.md] + r.ranked.map { row in row.value(of: p).map { $0.description.md } ?? "—" }))
            }
        } else {
            for (i, row) in r.ranked.enumerated() {
                out.append(
                    "- **#\(i + 1)**: \(configText(row, varying: r.varying, params: r.varyingParams)) — from \(sourcesText(row))"
                )
            }
        }
        return out
    }

    /// Where a row's runs came from: file names, or job ids for results folders.
    static func sourcesText(_ row: ReportRow) -> String { sourcesText(row.runs.map(\.source)) }

    static func sourcesText(_ sources: [String]) -> String {
        let names = sources.map { source -> String in
            let url = URL(fileURLWithPath: source)
            return url.lastPathComponent == "result.json"
                ? url.deletingLastPathComponent().lastPathComponent : url.lastPathComponent
        }
        let shown = names.prefix(2).map(\.md).joined(separator: ", ")
        return names.count > 2 ? "\(shown) and \(names.count - 2) more" : shown
    }

    static func remedies(_ r: SweepReport, emitSweepHint: Bool) -> [String] {
        let rows = r.ranked.enumerated().filter { !$0.element.remedies.isEmpty }
        guard !rows.isEmpty else { return [] }
        var out = [
            "", "## Remedies for quality rejects", "",
            "The guide: keep more layers active, probe more often, lower the relevance threshold less. "
                + "Next values to try:", ""
        ]
        for (i, row) in rows {
            out.append(
                "- **#\(i + 1)**\(shortConfig(row, r, parenthesized: true)): "
                    + row.remedies.map { "\($0.parameter.md) \($0.from) → \($0.to)" }.joined(separator: ", "))
        }
        if emitSweepHint {
            out += ["", "`blocksweep report … --emit-sweep FILE` writes these as a follow-up sweep."]
        }
        return out
    }

    static func limits(_ r: SweepReport) -> [String] {
        let rows = r.ranked.enumerated().filter { !$0.element.limits.isEmpty }
        guard !rows.isEmpty else { return [] }
        var out = ["", "## What limits the speed rejects", ""]
        for (i, row) in rows {
            out.append(
                "- **#\(i + 1)**\(shortConfig(row, r, parenthesized: true)), \(speedText(row)): "
                    + row.limits.map(\.md).joined(separator: "; ") + ".")
        }
        return out
    }

    static func baselines(_ r: SweepReport) -> [String] {
        guard !r.baselines.isEmpty else { return [] }
        let varying = Aggregator.varyingParameters(r.baselines)
        let params = Aggregator.varyingJobParameters(r.baselines)
        var out = ["", "## Baselines (full_update, static_suffix)", ""]
        // Adaptive seeds: static_suffix rows get seeds as ranked rows do; a full_update row has
        // the seeds the rows paired with it got.
        let adaptive = r.adaptiveSeeds
        out.append(
            MarkdownText.header(
                [
                    "schedule", "configuration", "runs", "mean step ms", "speedup (95% CI)", "measured / modelled",
                    "val loss",
                    "Δ val loss (95% CI)", "active layers", "steps", "verdict", "reason"
                ] + (adaptive == nil ? [] : ["seeds"]), align: "llrrrrrrrrll" + (adaptive == nil ? "" : "l")))
        let inline = varying.count + params.count <= maxInlineParameters
        for row in r.baselines {
            let judged = !row.schedule.isBaseline
            let seeds = adaptive.map { adaptive in
                judged
                    ? SeedStop.text(row, adaptive: adaptive, rules: r.rules)
                    : "\(row.seeds.count), those of the rows paired with it"
            }
            out.append(
                MarkdownText.row(
                    [
                        row.schedule.rawValue,
                        inline ? configText(row, varying: varying, params: params) : "from \(sourcesText(row))",
                        runsText(row, short: true),
                        num2(row.meanStepMs), judged ? speedCell(row) : "1.00×", judged ? bothSpeedsCell(row) : "—",
                        num4(row.valLoss),
                        judged ? increaseCell(row) : "—", num1(row.activeLayers), num0(row.steps),
                        judged ? verdictCell(row) : "baseline", judged ? reasonCell(row) : divergedText(row)
                    ] + (seeds.map { [$0] } ?? [])))
        }
        return out
    }

    /// A command's flat metrics: per configuration, each metric's mean and 95% interval.
    static func metrics(_ r: SweepReport) -> [String] {
        guard let table = r.metrics else { return [] }
        var out = ["", "## Metrics", ""]
        if let by = table.settings?.sortBy, table.note == nil {
            out += [
                "Sorted by \(by.md), \(table.settings?.order.rawValue ?? "ascending"). "
                    + "Each cell: mean over the runs [95% Student t interval].", ""
            ]
        } else {
            out += ["Each cell: mean over the runs [95% Student t interval].", ""]
        }
        if let note = table.note { out += ["**Note**: \(note.md).", ""] }
        if table.notShown > 0 {
            let reported = table.metrics.count + table.notShown
            let order = table.settings?.sortBy != nil && table.note == nil ? "the sort metric, then by name" : "by name"
            out += [
                "**\(table.notShown.counted("metric")) not shown**: the runs reported \(reported); the table keeps "
                    + "the first \(table.metrics.count) (\(order)), as report.json does. The result files hold them all.",
                ""
            ]
        }
        out.append(
            MarkdownText.header(
                ["#", "configuration", "runs"] + table.metrics.map(\.md),
                align: "rlr" + String(repeating: "r", count: table.metrics.count)))
        for (i, row) in table.rows.enumerated() {
            let config =
                row.params.isEmpty
                ? sourcesText(row.sources)
                : table.varying.compactMap { name in row.params[name].map { "\(name.md)=\(paramText($0))" } }
                    .joined(separator: ", ")
            let runs =
                row.seeds.count == row.runs || row.seeds.isEmpty
                ? String(row.runs) : "\(row.runs) (\(row.seeds.count) seed\(plural(row.seeds.count)))"
            out.append(
                MarkdownText.row(
                    [String(i + 1), config.isEmpty ? "(shared settings)" : config, runs]
                        + table.metrics.map { metricCell(row, $0) }))
        }
        return out
    }

    /// A run whose metric is NaN (it diverged) is told apart from one that did not report the
    /// metric, also when no run of the row has a finite value.
    static func metricCell(_ row: MetricsTable.Row, _ name: String) -> String {
        let nonFinite = row.nonFinite[name] ?? 0
        let absent = (row.missing[name] ?? 0) - nonFinite
        let notes = [
            nonFinite > 0 ? "\(nonFinite) of \(row.runs) non-finite" : nil,
            absent > 0 ? "\(absent) of \(row.runs) absent" : nil
        ].compactMap { $0 }
        let note = notes.isEmpty ? "" : " (" + notes.joined(separator: ", ") + ")"
        guard let e = row.estimates[name] else { return "—" + note }
        let text = e.count > 1 ? "\(num4(e.mean)) [\(num4(e.lo)), \(num4(e.hi))]" : num4(e.mean)
        return text + note
    }

    /// The jobs of a command without `{result}`: it ran, or not, and for how long.
    static func plainRuns(_ r: SweepReport) -> [String] {
        guard !r.plainRuns.isEmpty else { return [] }
        let names = Set(r.plainRuns.flatMap(\.params.keys)).sorted()
        var out = [
            "", "## Runs", "", "The command writes no result file: a job is done when it exits with status 0.", ""
        ]
        out.append(MarkdownText.header(["job", "parameters", "seed", "state", "duration"], align: "llrlr"))
        for run in r.plainRuns {
            let params = names.compactMap { name in run.params[name].map { "\(name.md)=\(paramText($0))" } }
            out.append(
                MarkdownText.row([
                    run.id.md, params.isEmpty ? "—" : params.joined(separator: ", "), String(run.seed),
                    run.state, run.seconds.map(NumberText.duration) ?? "—"
                ]))
        }
        return out
    }

    /// A command parameter's value as `plan` shows it: a newline reads `\n`, so "a\nb" and
    /// "a b" stay two different values in the table.
    static func paramText(_ value: ParameterValue) -> String {
        value.description.escapingControlCharacters.md
    }

    /// A full_update row's runs that diverged: every row paired with them says so too.
    static func divergedText(_ row: ReportRow) -> String {
        let seeds = Array(Set(row.runs.filter(\.diverged).map(\.settings.seed))).sorted()
        guard !seeds.isEmpty else { return "" }
        return "diverged at seed\(plural(seeds.count)) \(seeds.map(String.init).joined(separator: ", ")) "
            + "(val or train loss NaN, Infinity or null)"
    }

    static func unfinished(_ r: SweepReport) -> [String] {
        guard !r.unfinished.isEmpty else { return [] }
        var out = ["", "## Failed and skipped jobs", ""]
        out.append(MarkdownText.header(["job", "schedule", "seed", "state", "attempts", "reason"], align: "llrlrl"))
        for job in r.unfinished {
            out.append(
                MarkdownText.row([
                    job.id.md, job.schedule?.rawValue ?? "—", job.seed.map(String.init) ?? "—", job.state.rawValue,
                    String(job.attempts), job.reason.md
                ]))
        }
        return out
    }

    static func legend(_ r: SweepReport) -> [String] {
        let flags = Set((r.ranked + r.baselines).flatMap { $0.judgement?.flags ?? [] })
        guard !flags.isEmpty else { return [] }
        var out = ["", "Marks:"]
        let text: [RowFlag: String] = [
            .singleRun: "judged on one run's values, without an interval",
            .suspectTiming:
                "measured speedup above the cost model's hard limit N / mean active layers (+3%): a timing fault; "
                + "it rejects a verdict that reads the measured speedup, and only flags one that reads the modelled one",
            .aboveMatmulEstimate:
                "speedup more than 10% above the matmul estimate 3N / (N + 2K): possible, worth a look",
            .unpaired: "some runs had no full_update result of the same seed and device and were left out",
            .diverged: "some runs, or their full_update baselines, ended with a non-finite val loss (they diverged)",
            .timingDisturbed:
                "a run's measured speedup is more than 5% (plus the calibration's margin) off its modelled one (both given in the reason): a neighbour or the machine disturbed its timing, or the calibration no longer fits",
            .calibrationDecides:
                "the calibration's own uncertainty (shown as ± in the reason, shared by every seed) could flip the verdict: more seeds cannot settle it, a calibration measured longer can",
            .mixedPrices:
                "its runs were priced by different calibrations, so they are not pooled into a verdict; resume the sweep in its folder to run the outdated ones again",
            .degenerate:
                "the settings train every block on every step (static_active_layers or dyn_min_active_layers ≥ n_layers): the same work as full_update, never kept"
        ]
        for flag in RowFlag.allCases where flags.contains(flag) {
            out.append("- *\(flag.rawValue)*: \(text[flag]!).")
        }
        return out
    }

    // MARK: Cells

    /// The configuration where it is short; else nothing (the list under the table has it).
    static func shortConfig(_ row: ReportRow, _ r: SweepReport, parenthesized: Bool = false) -> String {
        if r.varying.count + r.varyingParams.count > maxInlineParameters {
            return parenthesized ? "" : "from \(sourcesText(row))"
        }
        let text = configText(row, varying: r.varying, params: r.varyingParams)
        return parenthesized ? " (\(text))" : text
    }

    /// `varying`: benchmark settings; `params`: a command runner's own parameters.
    static func configText(_ row: ReportRow, varying: [String], params: [String] = []) -> String {
        let parts =
            varying.compactMap { name -> String? in
                guard let p = BenchParameter.named(name), let v = row.value(of: p) else { return nil }
                return "\(name.md)=\(v.description.md)"
            }
            + params.compactMap { name -> String? in
                row.params[name].map { "\(name.md)=\($0.description.md)" }
            }
        return parts.isEmpty ? "(shared settings)" : parts.joined(separator: ", ")
    }

    static func runsText(_ row: ReportRow, short: Bool = false) -> String {
        let seeds = row.seeds
        if short {
            return row.repeats == seeds.count
                ? String(row.repeats) : "\(row.repeats) (\(seeds.count) seed\(plural(seeds.count)))"
        }
        let seedText = seeds.count == 1 ? "seed \(seeds[0])" : "\(seeds.count) seeds"
        return "\(row.repeats) run\(plural(row.repeats)), \(seedText)"
    }

    static func speedText(_ row: ReportRow) -> String { row.speedup.map { fmtX($0.mean) } ?? "n/a" }

    static func increaseText(_ row: ReportRow) -> String { row.valLossIncrease.map { fmtPct($0.mean) } ?? "n/a" }

    static func speedCell(_ row: ReportRow) -> String {
        guard let s = row.speedup else { return "n/a" }
        // One run has no interval, unless the calibration's margin gives it one.
        guard s.count > 1 || s.lo != s.hi else { return fmtX(s.mean) }
        // An interval narrower than 0.01× gets the digits that tell its ends apart ("[1.227, 1.233]",
        // not "[1.23, 1.23]"), so a margin never looks like none.
        if s.lo.isFinite, s.hi.isFinite, s.lo >= 0.01, ratio(s.lo) == ratio(s.hi), s.lo != s.hi {
            let (lo, hi) = fmtApart(s.lo, s.hi) { NumberText.fixed($0, $1) }
            return "\(fmtX(s.mean)) [\(lo), \(hi)]"
        }
        return "\(fmtX(s.mean)) [\(ratio(s.lo)), \(ratio(s.hi))]"
    }

    /// The measured and the modelled speedup's means side by side ("—" where a result has no
    /// modelled step times), whichever the verdict read.
    static func bothSpeedsCell(_ row: ReportRow) -> String {
        (row.speedupMeasured.map { fmtX($0.mean) } ?? "n/a") + " / "
            + (row.speedupModelled.map { fmtX($0.mean) } ?? "—")
    }

    static func increaseCell(_ row: ReportRow) -> String {
        guard let v = row.valLossIncrease else { return "n/a" }
        guard v.count > 1 || v.lo != v.hi else { return fmtPct(v.mean) }
        return "\(fmtPct(v.mean)) [\(fmtPct(v.lo)), \(fmtPct(v.hi))]"
    }

    static func verdictCell(_ row: ReportRow) -> String {
        guard let j = row.judgement else { return "—" }
        let word = j.verdict == .keep ? "**keep**" : j.verdict.rawValue
        return ([word] + j.flags.map { "*\($0.rawValue)*" }).joined(separator: " · ")
    }

    static func reasonCell(_ row: ReportRow) -> String {
        guard let j = row.judgement, !j.reasons.isEmpty else { return "" }
        return j.reasons.map(\.md).joined(separator: "; ")
    }

    static func plural(_ n: Int) -> String { n == 1 ? "" : "s" }
    static func fmt2(_ v: Double) -> String { NumberText.fixed(v, 2, nonFinite: "n/a") }
    /// A speedup bound: two decimals, or two significant digits below 0.01 (never "0.00").
    static func ratio(_ v: Double) -> String { v > 0 && v < 0.01 ? NumberText.significant(v, 2) : fmt2(v) }
    static func num0(_ v: Double?) -> String { v.map(fmt0) ?? "—" }
    static func num1(_ v: Double?) -> String { v.map(fmt1) ?? "—" }
    static func num2(_ v: Double?) -> String { v.map(fmt2) ?? "—" }
    static func num4(_ v: Double?) -> String { v.map { $0.isFinite ? NumberText.significant($0, 4) : "n/a" } ?? "—" }
}
