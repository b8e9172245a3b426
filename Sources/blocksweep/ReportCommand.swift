import ArgumentParser
import Foundation
import SweepKit
import SweepRunner
import Vocabulary

/// `blocksweep report PATH…`: the keep/reject report of results folders or result files.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Rank configurations and say which to keep, from results folders or result JSON files.",
        discussion: """
            PATH is a results folder (results/<name>/), a folder of result JSON files, or result JSON \
            files (blocksweep's or the reference benchmark's). Thresholds default to the sweep's rules \
            (plan.json), else 1.10× and 0.02. With --out, the markdown's figures are written to \
            figures/ next to FILE.
            """ + "\n\n" + ExitCodes.help)

    @Argument(help: "Results folders or result JSON files.")
    var paths: [String]

    @Option(name: .long, parsing: .unconditional, help: "Smallest speedup over full_update to keep (e.g. 1.10).")
    var minSpeedup: Double?

    @Option(
        name: .long, parsing: .unconditional, help: "Largest val-loss increase to keep, as a fraction (0.02 = +2%).")
    var maxValLossIncrease: Double?

    @Option(
        name: .long,
        help:
            "Which speedup the verdicts read: modelled (calibrated step costs) or measured (timed). Default: the sweep's rules.speed, else modelled."
    )
    var speed: String?

    @Option(name: .long, help: "md or json.")
    var format: String = "md"

    @Option(name: .long, help: "Write the report to FILE instead of standard output.")
    var out: String?

    @Option(name: .long, help: "Write a follow-up sweep around the best quality rejects to FILE.")
    var emitSweep: String?

    func run() throws {
        guard let format = ReportWriter.Format(rawValue: format) else {
            throw CLIError(message: "--format must be md or json, got '\(format)'")
        }
        if let v = minSpeedup, !(v.isFinite && v > 0) {
            throw CLIError(message: "--min-speedup must be a positive number, got \(v)")
        }
        if let v = maxValLossIncrease, !(v.isFinite && v >= 0) {
            throw CLIError(message: "--max-val-loss-increase must be a fraction of 0 or more (0.02 = +2%), got \(v)")
        }
        let basis = try speed.map { text in
            guard let basis = SpeedBasis(rawValue: text) else {
                throw CLIError(message: "--speed must be modelled or measured, got '\(text)'")
            }
            return basis
        }
        guard !paths.isEmpty else { throw CLIError(message: "give at least one results folder or result JSON file") }

        let loaded = try ResultsLoader.load(paths)
        var rules = loaded.rules ?? Rules()
        if let v = minSpeedup { rules.minSpeedup = v }
        if let v = maxValLossIncrease { rules.maxValLossIncrease = v }
        if let basis { rules.speed = basis }
        let report = Aggregator.aggregate(loaded.input, rules: rules)
        // Decided before anything is printed, so a report with nothing to follow up is refused whole.
        var followUp: String?
        if emitSweep != nil {
            do { followUp = try FollowUpSweep.yaml(for: report, execution: loaded.execution) } catch let e
                as FollowUpSweep.Failure
            {
                throw CLIError(message: "--emit-sweep: \(e.description); nothing written")
            }
        }

        let text: String
        switch format {
        case .json: text = try JSONReport(report).text()
        case .md:
            var figures: [FigureLink] = []
            if let out {
                let folder = (out as NSString).deletingLastPathComponent.nonEmpty ?? "."
                do { figures = try ReportWriter.writeFigures(report, into: folder) } catch {
                    throw CLIError(
                        message: "cannot write the figures next to \(out): \(ReportWriter.reason(error))",
                        exitCode: ExitCodes.systemFailure)
                }
            }
            text = MarkdownReport.render(report, figures: figures)
        }
        if let out {
            do { try text.write(toFile: out, atomically: true, encoding: .utf8) } catch {
                throw CLIError(
                    message: "cannot write \(out): \(ReportWriter.reason(error))", exitCode: ExitCodes.systemFailure)
            }
            print(ReportWriter.summaryLine(report, writtenTo: out))
        } else {
            print(text, terminator: "")
        }

        if let emitSweep, let followUp {
            do { try followUp.write(toFile: emitSweep, atomically: true, encoding: .utf8) } catch {
                throw CLIError(
                    message: "cannot write \(emitSweep): \(ReportWriter.reason(error))",
                    exitCode: ExitCodes.systemFailure)
            }
            ConsoleOutput.err("wrote follow-up sweep \(emitSweep)\n")
        }
    }

}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
