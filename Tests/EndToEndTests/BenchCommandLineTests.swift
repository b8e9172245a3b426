import Testing
import Vocabulary

@testable import BlockBench
@testable import blocksweep

@Suite(.timeLimit(.minutes(10))) struct BenchCommandLineTests {
    /// The seed's "quick 4090 run", program name aside.
    static let seedCommand = """
        --device auto --dtype bfloat16 --dmodel 1024 --n-layers 18 --hidden-mult 4 --batch-size 8 \
        --seq-len 1024 --steps 200 --equal-time-budget --max-steps-multiplier 3 --lr 3e-4 \
        --static-active-layers 6 --dyn-warmup-steps 25 --dyn-probe-every 40 --dyn-refresh-every 120 \
        --dyn-relevance-threshold 0.92 --dyn-min-active-layers 12 --dyn-max-active-layers 18 \
        --dyn-adapt-budget --dyn-require-stable --dyn-freeze-start-frac 0.55 --dyn-stability-window 12 \
        --dyn-stability-rel-change 0.02 --dyn-stability-cv 0.03 --dyn-final-full-frac 0.25 \
        --dyn-loss-upper 1.01 --dyn-loss-lower 0.997 --dyn-budget-step-up 2 --dyn-budget-step-down 1 \
        --dyn-loss-ema-decay 0.9 --json-out results/x.json
        """.split(separator: " ").map(String.init)

    @Test func seedCommandParses() throws {
        let line = try BenchCommandLine.parse(Self.seedCommand)
        let c = line.config
        #expect(c.equalTimeBudget && c.dynAdaptBudget && c.dynRequireStable)
        #expect(c.maxStepsMultiplier == 3 && c.dynRelevanceThreshold == 0.92 && c.dynMinActiveLayers == 12)
        #expect(c.dynFinalFullFrac == 0.25 && c.dynLossLower == 0.997 && c.jsonOut == "results/x.json")
        #expect(line.schedules == Schedule.allCases)
        #expect(c.validate().isEmpty)
    }

    @Test func defaultsMatchTheReference() throws {
        let c = try BenchCommandLine.parse([]).config
        #expect(c == BenchConfig())
        #expect(c.dmodel == 1024 && c.nLayers == 18 && c.seqLen == 1024 && c.steps == 200 && c.dtype == "bfloat16")
        #expect(c.dynRefreshEvery == 80 && c.dynFinalRecoveryStage2Layers == 16 && c.dynEps == 1e-8)
    }

    @Test func engineFlagsAndInlineValues() throws {
        let line = try BenchCommandLine.parse([
            "--schedules", "dynamic_suffix,full_update", "--threads=3",
            "--dyn-relevance-metric=saliency_abs_gp", "--equal-time-budget=false"
        ])
        #expect(line.schedules == [.fullUpdate, .dynamicSuffix])
        #expect(line.threads == 3)
        #expect(line.config.dynRelevanceMetric == .saliencyAbsGP)
        #expect(!line.config.equalTimeBudget)
    }

    struct Bad: CustomTestStringConvertible, Sendable {
        let args: [String], message: String
        var testDescription: String { args.joined(separator: " ") }
    }

    static let badParses: [Bad] = [
        Bad(args: ["--dmdel", "4"], message: "unknown flag --dmdel (did you mean --dmodel?)"),
        Bad(args: ["--dmodel", "big"], message: "--dmodel: expected an integer, got 'big'"),
        Bad(args: ["--lr"], message: "--lr: missing value"),
        Bad(
            args: ["--schedules", "full_update,fast"],
            message: "--schedules: unknown schedule 'fast' (choose from full_update, static_suffix, dynamic_suffix)"),
        Bad(args: ["--threads", "0"], message: "--threads: must be a positive integer, got '0'"),
        Bad(
            args: ["--dyn-final-recovery-mode", "gentle"],
            message: "--dyn-final-recovery-mode: expected one of full, staged, got 'gentle'"),
        Bad(args: ["steps"], message: "unexpected argument 'steps': every setting is a --flag")
    ]

    @Test(arguments: badParses) func badArgumentsNameTheFlag(_ bad: Bad) {
        #expect(throws: BenchCommandLine.ParseError(message: bad.message)) { try BenchCommandLine.parse(bad.args) }
    }

    static let badValues: [Bad] = [
        Bad(args: ["--dmodel", "0"], message: "--dmodel: must be a positive integer, got 0"),
        Bad(args: ["--batch-size", "-2"], message: "--batch-size: must be a positive integer, got -2"),
        Bad(
            args: ["--dyn-relevance-threshold", "1.5"], message: "--dyn-relevance-threshold: must be in (0, 1], got 1.5"
        ),
        Bad(args: ["--dyn-relevance-threshold", "0"], message: "--dyn-relevance-threshold: must be in (0, 1], got 0.0"),
        Bad(args: ["--lr", "-1e-3"], message: "--lr: must be a positive number, got -0.001"),
        Bad(args: ["--dyn-final-full-frac", "1"], message: "--dyn-final-full-frac: must be in [0, 1), got 1.0")
    ]

    @Test(arguments: badValues) func outOfRangeValuesNameTheFlag(_ bad: Bad) throws {
        let issues = try BenchCommandLine.parse(bad.args).config.validate()
        #expect(issues.map(\.description) == [bad.message])
    }

    @Test func theExportInputsFlagIsParsed() throws {
        let line = try BenchCommandLine.parse(["--export-inputs", "/tmp/x", "--steps", "3"])
        #expect(line.exportInputs == "/tmp/x")
    }
}
