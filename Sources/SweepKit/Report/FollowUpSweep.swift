import Foundation
import Vocabulary

/// Writes the quality remedies as a follow-up sweep file (docs/sweep-file.md, version 1):
/// around each of the best configurations rejected for quality, one point with every remedy
/// and one per single remedy (to tell which one helps), at 3 seeds or more so the next report
/// has intervals.
package enum FollowUpSweep {
    package enum Failure: Error, CustomStringConvertible {
        case nothingToFollowUp
        package var description: String {
            "no dynamic_suffix configuration was rejected for quality, so there is no follow-up sweep to write"
        }
    }

    package static func yaml(
        for report: SweepReport, execution: ExecutionSettings? = nil,
        maxConfigurations: Int = 3
    ) throws -> String {
        let sources = Array(report.ranked.filter { !$0.remedies.isEmpty }.prefix(maxConfigurations))
        guard !sources.isEmpty else { throw Failure.nothingToFollowUp }

        var points: [BenchConfig] = []
        for row in sources {
            var candidates = [Remedies.applying(row.remedies, to: row.settings)]
            if row.remedies.count > 1 {
                candidates += row.remedies.map { Remedies.applying([$0], to: row.settings) }
            }
            for c in candidates where !points.contains(c) { points.append(c) }
        }

        // Placeholders of a command runner must name parameters the file sets; when they are
        // not the benchmark's names the report cannot fill them, so fall back to builtin.
        var runner = report.runner ?? .builtin
        var forced: Set<String> = []
        var runnerNote: String?
        if case .command(let argv) = runner {
            let names = Set(argv.flatMap(RunnerSpec.placeholders(in:))).subtracting(RunnerSpec.builtinPlaceholders)
            if names.allSatisfy({ BenchParameter.named($0) != nil && ParameterCatalog.excluded[$0] == nil }) {
                forced = names
            } else {
                runner = .builtin
                runnerNote =
                    "# The original command runner names parameters this report cannot map; "
                    + "runs here use the builtin engine."
            }
        }

        // The parameters a sweep file may set: the validator reads this file with the same table.
        let defaults = BenchConfig()
        var base: [(String, ParameterValue)] = []
        var zip: [(String, [ParameterValue])] = []
        for p in ParameterCatalog.sweepable {
            let values = points.map { p.value(in: $0) }
            if Set(values).count > 1 {
                zip.append((p.name, values))
            } else if values[0] != p.value(in: defaults) || forced.contains(p.name) {
                base.append((p.name, values[0]))
            }
        }

        var seeds = Array(Set(sources.flatMap(\.seeds))).sorted()
        while seeds.count < 3 { seeds.append((seeds.last ?? 0) + 1) }

        var y: [String] = []
        y.append(
            "# Follow-up sweep written by `blocksweep report --emit-sweep` from the report of \(oneLine(report.title))."
        )
        y.append(
            "# The guide's quality remedies around the \(sources.count) best configuration\(sources.count == 1 ? "" : "s") "
                + "rejected for quality:")
        for row in sources {
            let i = (report.ranked.firstIndex { $0.settings == row.settings } ?? 0) + 1
            y.append(
                "#   #\(i): " + row.remedies.map { "\($0.parameter) \($0.from) → \($0.to)" }.joined(separator: ", "))
        }
        if let runnerNote { y.append(runnerNote) }
        y.append("version: 1")
        y.append("name: \(followUpName(report.title))")
        y.append(
            "description: \(quote("Quality remedies for \(oneLine(report.title)): more active layers, more probes, a higher relevance threshold."))"
        )
        switch runner {
        case .builtin: break
        case .torch: y.append("runner: torch")
        case .command(let argv): y.append("runner:\n  command: [\(argv.map(quote).joined(separator: ", "))]")
        }
        if !base.isEmpty {
            y.append("")
            y.append("base:")
            for (name, v) in base { y.append("  \(name): \(scalar(v))") }
        }
        if !zip.isEmpty {
            y.append("")
            y.append("# One entry per point: the lists advance together.")
            y.append("zip:")
            for (k, (name, values)) in zip.enumerated() {
                y.append("  \(k == 0 ? "-" : " ") \(name): [\(values.map(scalar).joined(separator: ", "))]")
            }
        }
        y.append("")
        y.append("seeds: [\(seeds.map(String.init).joined(separator: ", "))]")
        if case .command = runner {
        } else {
            y.append("schedules: [full_update, dynamic_suffix]")
        }
        if let execution { y += executionLines(execution, runner: runner) }
        y.append("")
        y.append("rules:")
        y.append("  min_speedup: \(NumberText.shortest(report.rules.minSpeedup))")
        y.append("  max_val_loss_increase: \(NumberText.shortest(report.rules.maxValLossIncrease))")
        if report.rules.speed != Rules().speed { y.append("  speed: \(report.rules.speed.rawValue)") }
        return y.joined(separator: "\n") + "\n"
    }

    static func executionLines(_ e: ExecutionSettings, runner: RunnerSpec) -> [String] {
        var y = ["", "execution:"]
        if let devices = e.devices {
            y.append("  devices: [\(devices.map { quote($0.description) }.joined(separator: ", "))]")
        }
        y.append("  threads: \(e.threads)")
        if let parallel = e.parallel { y.append("  parallel: \(parallel)") }
        if let t = e.timeoutSeconds { y.append("  timeout: \(Int(t.rounded(.up)))s") }
        y.append("  retries: \(e.retries)")
        // The clock the original jobs read, so the follow-up's runs compare with them.
        if runner.runsBenchmark, e.equalTimeClock != ExecutionSettings().equalTimeClock {
            y.append("  equal_time_clock: \(e.equalTimeClock.rawValue)")
        }
        if runner.runsBenchmark, let cap = e.calibrationCapSeconds {
            y.append("  calibration_cap: \(NumberText.shortest(cap))s")
        }
        if runner == .torch, let python = e.python { y.append("  python: \(quote(python))") }
        if case .slurm(let s) = e.backend {
            y.append("  backend: slurm")
            if let p = s.partition { y.append("  partition: \(quote(p))") }
            if let a = s.account { y.append("  account: \(quote(a))") }
            if !s.sbatchArgs.isEmpty { y.append("  sbatch_args: [\(s.sbatchArgs.map(quote).joined(separator: ", "))]") }
        }
        return y
    }

    /// "<title>-followup" reduced to the characters a sweep name allows.
    static func followUpName(_ title: String) -> String {
        var stem = String(title.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" })
        if stem.hasSuffix(".json") { stem.removeLast(5) }
        while stem.hasPrefix(".") || stem.hasPrefix("-") { stem.removeFirst() }
        if stem.isEmpty { stem = "sweep" }
        return String(stem.prefix(90)) + "-followup"
    }

    static func scalar(_ v: ParameterValue) -> String {
        switch v {
        case .string(let s): return quote(s)
        default: return v.description
        }
    }

    /// A YAML double-quoted scalar (JSON string syntax is valid YAML).
    static func quote(_ s: String) -> String {
        let data = (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func oneLine(_ s: String) -> String {
        s.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }
}
