import BlockBench
import Foundation
import Vocabulary

/// `blocksweep calibrate`'s arguments: the model flags and --threads/--json-out as `bench`
/// spells them (parsed by BenchCommandLine), plus the calibration's own --cap-seconds and --target.
struct CalibrateCommandLine {
    var bench = BenchCommandLine()
    var capSeconds = 60.0
    var target = 0.01
    /// `--kinds`: the step kinds to measure, as written; nil measures every kind.
    var kinds: [String]?
    /// `--neighbour-cores`, once per neighbour: the cores each busy neighbour trains on while
    /// this calibration measures (CalibrationNeighbours).
    var neighbourCores: [[Int]] = []
    /// `--neighbour-of PID`: run as one of those neighbours, pinned to `--neighbour-cores`,
    /// until process PID ends.
    var neighbourOf: Int32?

    /// The bench flags calibrate takes: those a step's cost depends on, and where to run and write.
    static let benchFlags = [
        "--dmodel", "--n-layers", "--hidden-mult", "--batch-size", "--seq-len", "--dtype",
        "--seed", "--device", "--threads", "--json-out"
    ]

    static let help = """
        Model flags, as `blocksweep bench` spells them: --dmodel --n-layers
        --hidden-mult --batch-size --seq-len --dtype --seed. And:
          --threads <n>        BLAS threads (default: every core it may use)
          --json-out <file>    where to write the calibration JSON (required)
          --cap-seconds <s>    stop here even if not converged (default 60)
          --target <fraction>  95% half-width goal per cost (default 0.01)
          --kinds <list>       only these step kinds, e.g. active_2,active_8,probe
                               (default: all; the full step is always measured)
          --neighbour-cores <cores>
                               train this model's steps on these cores (e.g. 1 or
                               2-3) while measuring, as a job beside it would; once
                               per neighbour. A sweep passes its other slots' cores,
                               so prices match jobs running side by side
        Step kinds active_1…active_N and probe run round-robin until each
        one's cost relative to the full step is known within ±target
        (docs/benchmark.md, "Calibration and the modelled clock"). A sweep
        asks for the kinds its runs can take; `bench --calibration` refuses
        a file that lacks a kind its run can take.
        """

    static func parse(_ arguments: [String]) throws -> CalibrateCommandLine {
        var line = CalibrateCommandLine()
        var rest: [String] = []
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            let flag = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            func value() throws -> String {
                if let eq = argument.firstIndex(of: "=") { return String(argument[argument.index(after: eq)...]) }
                i += 1
                guard i < arguments.count else { throw CLIError(message: "\(flag): missing value") }
                return arguments[i]
            }
            switch flag {
            case "--cap-seconds":
                let text = try value()
                guard let s = Double(text), s.isFinite, s > 0 else {
                    throw CLIError(message: "--cap-seconds: must be a positive number of seconds, got '\(text)'")
                }
                line.capSeconds = s
            case "--target":
                let text = try value()
                guard let t = Double(text), t > 0, t < 1 else {
                    throw CLIError(message: "--target: must be a fraction in (0, 1), got '\(text)'")
                }
                line.target = t
            case "--kinds":
                let names = try value().split(separator: ",", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                if let bad = names.first(where: { StepKind(name: $0) == nil }) {
                    throw CLIError(
                        message: "--kinds: '\(bad)' is not a step kind (active_<k> for k ≥ 1, or probe)")
                }
                line.kinds = names
            case "--neighbour-cores":
                let text = try value()
                guard let cores = Self.cores(text) else {
                    throw CLIError(
                        message: "--neighbour-cores: '\(text)' is not a list of cores such as 1 or 2-3 or 0,2")
                }
                line.neighbourCores.append(cores)
            case "--neighbour-of":
                let text = try value()
                guard let pid = Int32(text), pid > 0 else {
                    throw CLIError(message: "--neighbour-of: '\(text)' is not a process id")
                }
                line.neighbourOf = pid
            default:
                guard benchFlags.contains(flag) else {
                    throw CLIError(
                        message: argument.hasPrefix("--")
                            ? "\(flag): not a calibrate flag (calibrate takes \(benchFlags.joined(separator: " ")) "
                                + "--cap-seconds --target --kinds --neighbour-cores)"
                            : "unexpected argument '\(argument)': every setting is a --flag")
                }
                rest.append(argument)
                if !argument.contains("=") {
                    i += 1
                    if i < arguments.count { rest.append(arguments[i]) }
                }
            }
            i += 1
        }
        do { line.bench = try BenchCommandLine.parse(rest) } catch { throw CLIError(message: error.message) }
        if line.neighbourOf != nil, line.neighbourCores.count != 1 {
            throw CLIError(message: "--neighbour-of: needs exactly one --neighbour-cores, the cores to train on")
        }
        return line
    }

    /// "1", "2-3", "0,2,5" or "0-1,4": the cores, or nil when the text is not such a list.
    static func cores(_ text: String) -> [Int]? {
        var cores: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            switch bounds.count {
            case 1:
                guard let c = bounds[0], c >= 0 else { return nil }
                cores.append(c)
            case 2:
                guard let a = bounds[0], let b = bounds[1], a >= 0, a <= b else { return nil }
                cores += Array(a...b)
            default: return nil
            }
        }
        return cores.isEmpty ? nil : cores
    }
}
