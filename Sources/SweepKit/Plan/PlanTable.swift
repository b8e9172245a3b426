import Vocabulary

/// The text `blocksweep plan` prints: counts per schedule, what `where` dropped, sharing,
/// dependencies, the cost estimate and the first jobs.
package enum PlanTable {
    package static let shownJobs = 30

    /// `measured` and `torchDevice`: what the cost estimate reads from outside the sweep file
    /// (CostEstimate.of).
    package static func render(
        _ e: Expansion, spec: SweepSpec, measured: [String: MeasuredStepCosts] = [:],
        torchDevice: CostEstimate.Device = .gpu
    ) -> String {
        let plan = e.plan
        var out = "sweep \(plan.name): \(plan.jobs.count.counted("job")) (\(runnerName(plan.runner)) runner)\n"
        out +=
            "points: \(e.points) before constraints, \(plan.dropped) dropped by where, \(e.keptPoints) kept × \(spec.seeds.count.counted("seed"))\n"
        if let adaptive = spec.adaptiveSeeds {
            out +=
                "adaptive seeds: a configuration whose verdict is not settled after seeds 1–\(adaptive.initial) "
                + "gets one more at a time during the run, up to \(adaptive.max) (those jobs are not counted here)\n"
        }
        out += "\n"
        var perSchedule: [Schedule: Int] = [:]
        var waiting = 0
        // By index, reading two fields: copying each of a million jobs cost more than counting.
        for i in plan.jobs.indices {
            if let s = plan.jobs[i].schedule { perSchedule[s, default: 0] += 1 }
            if !plan.jobs[i].dependsOn.isEmpty { waiting += 1 }
        }
        var rows: [[String]] = [["schedule", "jobs", "shared", "note"]]
        if case .command = plan.runner {
            rows.append([
                "(command)", String(plan.jobs.count), String(e.keptPoints * spec.seeds.count - plan.jobs.count), ""
            ])
        } else {
            for s in Schedule.allCases {
                let count = perSchedule[s] ?? 0
                let asked = spec.schedules.contains(s)
                guard asked || count > 0 else { continue }
                let requested = asked ? e.keptPoints * spec.seeds.count : 0
                rows.append([
                    s.rawValue, String(count), asked ? String(max(requested - count, 0)) : "-",
                    asked ? "" : "baseline for equal_time_budget"
                ])
            }
        }
        rows.append(["total", String(plan.jobs.count), "", ""])
        out += table(rows, rightAligned: [1, 2])
        if waiting > 0 {
            out +=
                "\n\(waiting.counted("job")) \(waiting == 1 ? "waits for its" : "wait for their") full_update baseline (equal_time_budget)\n"
        }
        out += calibrationText(plan)
        let cost = CostEstimate.of(plan, measured: measured, torchDevice: torchDevice)
        if let cost {
            out +=
                "\nestimated compute (a rough estimate): \(flopsText(cost.flops)) by the cost model of docs/benchmark.md (a step costs N·f + K·(b+o), b = 2f, o ≈ 0, plus the teacher's forward pass)\n"
            out += "  ≈ \(NumberText.spacedDuration(cost.jobSeconds)) of job time"
            if let p = plan.execution.parallel, p > 1 {
                out += ", ≈ \(NumberText.spacedDuration(cost.jobSeconds / Double(p))) with \(p) jobs at once"
            }
            out += " (\(cost.basisText(calibrationsPlanned: !plan.calibrations.isEmpty)))\n"
        } else {
            out += "\nestimated compute: unknown (a command runner decides its own work)\n"
        }
        if let fork = ForkEstimate.of(plan, totalFlops: cost?.flops) { out += fork.text }
        out += "\n"
        // Only what varies: the fixed settings are the same on every line.
        let varying = Set(spec.dimensions.flatMap(\.names))
        var jobRows: [[String]] = [["id", "schedule", "seed", "depends_on", "varying params"]]
        for job in plan.jobs.prefix(shownJobs) {
            let params = varying.sorted().compactMap { name -> String? in
                // Escaped: a value holding a newline would break the table's line.
                if let v = job.params[name] { return "\(name)=\(v.description.escapingControlCharacters)" }
                // A varying setting at its default is left out of params; show it if it matters here.
                guard let p = BenchParameter.named(name), let s = job.schedule, p.schedules.contains(s) else {
                    return nil
                }
                return "\(name)=\(p.value(in: BenchConfig()))"
            }.joined(separator: " ")
            jobRows.append([
                job.id, job.schedule?.rawValue ?? "-", String(job.seed),
                job.dependsOn.isEmpty ? "-" : job.dependsOn.joined(separator: ","), params
            ])
        }
        out += table(jobRows, rightAligned: [2])
        if plan.jobs.count > shownJobs {
            out +=
                "… \((plan.jobs.count - shownJobs).counted("more job")) (blocksweep plan --format json lists them all)\n"
        }
        return out
    }

    /// The calibration jobs, what each measures and what they may cost.
    static func calibrationText(_ plan: Plan) -> String {
        guard !plan.calibrations.isEmpty else { return "" }
        let n = plan.calibrations.count
        let cap = plan.execution.calibrationCapSeconds ?? CalibrationPlanner.defaultCapSeconds
        var out =
            "\n\(n.counted("calibration job")) (step costs of each model shape × \(plan.execution.threads.counted("thread")) × "
            + (plan.runner == .torch ? "the torch runner's device), " : "cpu), ")
            + "run before the jobs \(n == 1 ? "it prices" : "they price")"
            + (plan.runner == .torch ? "" : ", beside a busy neighbour on every other slot")
            + ": ≈ \(NumberText.spacedDuration(min(CalibrationPlanner.typicalSeconds, cap) * Double(n))) "
            + "on an idle machine, at most \(NumberText.spacedDuration(cap * Double(n))) (cap \(NumberText.spacedDuration(cap)) each; "
            + "results/\(plan.name)/calibration/<id>.json, reused on resume)\n"
            + "  Each measures every step kind of its shape, so adding grid values, or changing other settings "
            + "or the rules, keeps it. A new one (another shape or execution.threads), or one measured again (its "
            + "file deleted or damaged), reruns the results the old prices set; `run` says which.\n"
        for job in plan.calibrations.prefix(shownJobs) {
            let shape = CalibrationPlanner.shapeNames.compactMap { name in job.params[name].map { "\(name)=\($0)" } }
            out += "  \(job.id)  \(shape.joined(separator: " "))"
            if let kinds = job.stepKinds { out += "  kinds \(kindsText(kinds))" }
            out += "\n"
        }
        return out
    }

    /// "active_2–6, active_8, probe": runs of consecutive active counts joined.
    static func kindsText(_ kinds: [String]) -> String {
        var parts: [String] = []
        var run: [Int] = []
        func flush() {
            guard let first = run.first, let last = run.last else { return }
            parts.append(first == last ? "active_\(first)" : "active_\(first)–\(last)")
            run = []
        }
        for kind in kinds {
            if kind.hasPrefix("active_"), let k = Int(kind.dropFirst("active_".count)) {
                if let last = run.last, k != last + 1 { flush() }
                run.append(k)
            } else {
                flush()
                parts.append(kind)
            }
        }
        flush()
        return parts.joined(separator: ", ")
    }

    static func runnerName(_ r: RunnerSpec) -> String {
        switch r {
        case .builtin: return "builtin"
        case .torch: return "torch"
        case .command: return "command"
        }
    }

    static func table(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return rightAligned.contains(c) ? pad + cell : (c == row.count - 1 ? cell : cell + pad)
            }.joined(separator: "  ").trimmingSuffix(" ")
        }.joined(separator: "\n") + "\n"
    }

    static func flopsText(_ f: Double) -> String {
        let units: [(Double, String)] = [
            (1e18, "EFLOP"), (1e15, "PFLOP"), (1e12, "TFLOP"), (1e9, "GFLOP"), (1e6, "MFLOP")
        ]
        for (scale, name) in units where f >= scale {
            return "\(NumberText.significant(f / scale, 3)) \(name)"
        }
        return "\(Int(f)) FLOP"
    }

}

extension String {
    fileprivate func trimmingSuffix(_ c: Character) -> String {
        var s = Substring(self)
        while s.last == c { s.removeLast() }
        return String(s)
    }
}
