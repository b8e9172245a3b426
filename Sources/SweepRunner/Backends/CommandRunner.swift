import SweepKit
import Vocabulary

/// The user's own argv, with `{name}` placeholders replaced by the job's parameter values,
/// `{seed}`, `{device}` (the slot: "cuda:1", "cpu:3", "cpu:0-1") and `{result}` (the file to write),
/// and `{{`, `}}` by literal braces.
/// Each template element stays exactly one argument whatever the values hold: no shell is
/// involved. Without `{result}` a job succeeds on exit status 0; with it, the file must be a
/// benchmark result or flat metrics (`ResultContent`).
package struct CommandRunner: JobRunner {
    package var template: [String]

    package init(template: [String]) {
        self.template = template
    }

    package var slotKinds: [Slot.Kind] { [.cuda, .cpu] }

    package func check(_ plan: Plan) throws(SweepRunError) {
        guard let program = template.first, !program.isEmpty else {
            throw .badInput("runner.command: empty; give the program and its arguments as a list")
        }
        for job in plan.jobs {
            for (index, argument) in template.enumerated() {
                for name in RunnerSpec.placeholders(in: argument)
                where !RunnerSpec.builtinPlaceholders.contains(name) && job.params[name] == nil {
                    throw .badInput(
                        "runner.command argument \(index + 1) '\(argument)': placeholder {\(name)} "
                            + "names no parameter of job \(job.id) (it has: "
                            + (Array(job.params.keys) + RunnerSpec.builtinPlaceholders).sorted().joined(separator: ", ")
                            + ")")
                }
            }
        }
    }

    package func arguments(
        for job: Job, slot: Slot, resultPath: String, baselineResults: [String], calibrationResult: String?
    ) -> [String] {
        var values = job.params.mapValues(\.description)
        values["seed"] = String(job.seed)
        // The slot's full name, as the progress lines and the journal show it ("cuda:1",
        // "cpu:0-1"); inside the job CUDA_VISIBLE_DEVICES shows only that GPU.
        values["device"] = slot.name
        values["result"] = resultPath
        return template.map { Self.substitute($0, values) }
    }

    package func mismatch(in report: BenchReportHeader, for job: Job) -> String? {
        report.results.isEmpty ? "result holds no schedule rows" : nil
    }

    /// One pass over the template: a value that itself holds `{seed}` stays as it is; `{{` and
    /// `}}` become `{` and `}`. An argument validation would refuse (a stray brace) stays as it is.
    static func substitute(_ argument: String, _ values: [String: String]) -> String {
        guard case .success(let parts) = RunnerSpec.parts(of: argument) else { return argument }
        return parts.map { part in
            switch part {
            case .text(let text): text
            case .placeholder(let name, _): values[name] ?? "{\(name)}"
            }
        }.joined()
    }
}
