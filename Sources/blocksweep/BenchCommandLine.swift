import BlockBench
import Foundation
import Vocabulary

/// `blocksweep bench`'s arguments: every reference flag (kebab-case, `--flag value` or
/// `--flag=value`, bool flags as bare switches) plus this engine's own.
package struct BenchCommandLine: Sendable, Equatable {
    package var config = BenchConfig()
    package var schedules: [Schedule] = Schedule.allCases
    /// BLAS threads; nil means every core this process may run on.
    package var threads: Int?
    package var baselineJSON: String?
    /// `--calibration`: a `blocksweep calibrate` file; `--equal-time-clock`: which clock the budget reads.
    package var calibration: String?
    package var equalTimeClock = EqualTimeClock.wall
    /// `--export-inputs`: a folder to write the run's student weights and batches to (InputExport).
    package var exportInputs: String?
    /// `--progress-out`: the file each step's record is appended to (StepRecord); a job's
    /// executor passes it as BLOCKSWEEP_PROGRESS instead.
    package var progressOut: String?
    /// Prefix forking: `--fork-dir` (a full_update baseline's fork folder), `--fork-from` and
    /// `--fork-step` (a dynamic_suffix run that starts from a baseline's snapshot).
    package var forkDir: String?
    package var forkFrom: String?
    package var forkStep: Int?

    package init() {}

    /// Flags this engine adds to the reference's.
    package static let ownFlags: [(flag: String, help: String)] = [
        ("--schedules <list>", "comma-separated subset of the three (default: all)"),
        ("--threads <n>", "BLAS threads (default: every core it may use)"),
        ("--json-out <file>", "write the result JSON here (reference flag)"),
        ("--baseline-json <file>", "full_update result JSON of this config and seed"),
        ("--calibration <file>", "step costs from `blocksweep calibrate`: modelled clock"),
        ("--equal-time-clock <wall|modelled>", "clock of the equal-time budget (default: wall)"),
        ("--export-inputs <dir>", "also write the student weights and batches there (for a cross-check)"),
        ("--progress-out <file>", "write one JSON line per step there, emptied first (default: $BLOCKSWEEP_PROGRESS)"),
        ("--fork-dir <dir>", "full_update: record for the dependents in DIR/fork-plan.json"),
        ("--fork-from <dir>", "dynamic_suffix: start from the baseline record in DIR …"),
        ("--fork-step <n>", "… at its snapshot of step n")
    ]

    package struct ParseError: Error, Equatable, CustomStringConvertible {
        package let message: String
        package var description: String { message }
    }

    package static func parse(_ arguments: [String]) throws(ParseError) -> BenchCommandLine {
        var line = BenchCommandLine()
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            guard argument.hasPrefix("--") else {
                throw ParseError(message: "unexpected argument '\(argument)': every setting is a --flag")
            }
            var flag = argument
            var inlineValue: String?
            if let eq = argument.firstIndex(of: "=") {
                flag = String(argument[..<eq])
                inlineValue = String(argument[argument.index(after: eq)...])
            }
            func value() throws(ParseError) -> String {
                if let inlineValue { return inlineValue }
                i += 1
                guard i < arguments.count else { throw ParseError(message: "\(flag): missing value") }
                return arguments[i]
            }
            switch flag {
            case "--schedules":
                line.schedules = try parseSchedules(try value())
            case "--threads":
                let text = try value()
                guard let n = Int(text), n >= 1 else {
                    throw ParseError(message: "--threads: must be a positive integer, got '\(text)'")
                }
                line.threads = n
            case "--json-out":
                line.config.jsonOut = try value()
            case "--baseline-json":
                line.baselineJSON = try value()
            case "--calibration":
                line.calibration = try value()
            case "--progress-out":
                line.progressOut = try value()
            case "--export-inputs":
                line.exportInputs = try value()
            case "--fork-dir":
                line.forkDir = try value()
            case "--fork-from":
                line.forkFrom = try value()
            case "--fork-step":
                let text = try value()
                guard let n = Int(text), n >= 0 else {
                    throw ParseError(message: "--fork-step: must be 0 or more, got '\(text)'")
                }
                line.forkStep = n
            case "--equal-time-clock":
                let text = try value()
                guard let clock = EqualTimeClock(rawValue: text) else {
                    throw ParseError(message: "--equal-time-clock: expected wall or modelled, got '\(text)'")
                }
                line.equalTimeClock = clock
            default:
                guard let parameter = BenchParameter.all.first(where: { $0.flag == flag }) else {
                    throw ParseError(message: "unknown flag \(flag)" + suggestion(for: flag))
                }
                if case .bool = parameter.binding {
                    if let inlineValue {
                        guard let b = ["true": true, "false": false][inlineValue.lowercased()] else {
                            throw ParseError(message: "\(flag): expected true or false, got '\(inlineValue)'")
                        }
                        _ = parameter.assign(.bool(b), to: &line.config)
                    } else {
                        _ = parameter.assign(.bool(true), to: &line.config)
                    }
                } else {
                    let text = try value()
                    guard let parsed = parse(text, for: parameter), parameter.assign(parsed, to: &line.config) else {
                        throw ParseError(message: "\(flag): expected \(parameter.kindDescription), got '\(text)'")
                    }
                }
            }
            i += 1
        }
        return line
    }

    static func parseSchedules(_ text: String) throws(ParseError) -> [Schedule] {
        var chosen: [Schedule] = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let schedule = Schedule(rawValue: trimmed) else {
                throw ParseError(
                    message: "--schedules: unknown schedule '\(trimmed)' "
                        + "(choose from \(Schedule.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if !chosen.contains(schedule) { chosen.append(schedule) }
        }
        return chosen.sorted()
    }

    static func parse(_ text: String, for parameter: BenchParameter) -> ParameterValue? {
        switch parameter.binding {
        case .int: return Int(text).map(ParameterValue.int)
        case .double: return Double(text).map(ParameterValue.double)
        case .bool: return nil
        case .metric, .recoveryMode, .text: return .string(text)
        }
    }

    /// " (did you mean --dmodel?)" for a misspelt flag, or "".
    static func suggestion(for flag: String) -> String {
        func snake(_ flag: String) -> String {
            String(flag.drop { $0 == "-" }.prefix { $0 != " " }).replacingOccurrences(of: "-", with: "_")
        }
        let names = BenchParameter.all.map(\.name) + ownFlags.map { snake($0.flag) }
        guard let best = NameSuggester.suggestion(for: snake(flag), among: names) else { return "" }
        return " (did you mean --\(best.replacingOccurrences(of: "_", with: "-"))?)"
    }
}
