import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// Parameter values reach the user's command literally, one argument each: no shell, no
/// word splitting, no second round of substitution.
@Suite(.timeLimit(.minutes(10)))
struct CommandRunnerTests {
    static let hostile = [
        "two words", "it's \"quoted\"", "a; rm -rf /tmp/nothing", "$(touch pwned)", "`touch pwned`",
        "line one\nline two", "  padded  ", "*", "{seed}", "$HOME", "", "-n"
    ]

    @Test func hostileValuesArriveAsSingleLiteralArguments() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let dump = box.root.appendingPathComponent("dump.sh")
        // Writes each argument NUL-terminated, so the test sees exactly what arrived.
        try """
        #!/bin/sh
        out="$1"; shift
        for a in "$@"; do printf '%s\\0' "$a"; done > "$out.args"
        cp "\(box.path)/good.json" "$out"
        """.write(to: dump, atomically: true, encoding: .utf8)
        var params: [String: ParameterValue] = [:]
        for (i, value) in Self.hostile.enumerated() { params["v\(i)"] = .string(value) }
        let template =
            ["/bin/sh", dump.path, "{result}"] + Self.hostile.indices.map { "{v\($0)}" } + [
                "pre-{v0}-post", "{{v0}}: {{{v0}}}", "{seed}"
            ]
        let plan = Plan(
            name: "test", jobs: [Job(id: "h", schedule: nil, seed: 7, params: params)], runner: .command(template))
        let outcome = try box.run(plan)
        #expect(outcome.done == 1)
        let data = try Data(contentsOf: URL(fileURLWithPath: box.folder.partialResult("h", attempt: 1) + ".args"))
        let arguments = data.split(separator: 0, omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
        #expect(arguments == Self.hostile + ["pre-two words-post", "{v0}: {two words}", "7"])
        #expect(!FileManager.default.fileExists(atPath: box.root.appendingPathComponent("pwned").path))
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/pwned"))
    }

    /// The same values in progress and status lines: one line each, control characters escaped.
    @Test func hostileValuesKeepLabelsOnOneLine() {
        let jobs = Self.hostile.enumerated().map {
            Job(id: "h\($0.offset)", schedule: nil, seed: 1, params: ["v": .string($0.element)])
        }
        let label = JobLabel(plan: Plan(name: "test", jobs: jobs, runner: .command(["/bin/true", "{v}"])))
        #expect(label.text(jobs[5]) == "seed 1 v=line one\\nline two")
        #expect(label.text(jobs[1]) == "seed 1 v=it's \"quoted\"")
        #expect(jobs.allSatisfy { !label.text($0).contains(where: \.isNewline) })
    }

    @Test(
        arguments: [
            ("{a}", ["a": "1"], "1"),
            ("x{a}y{b}z", ["a": "1", "b": "2"], "x1y2z"),
            ("{a}", ["a": "{b}", "b": "no"], "{b}"),
            ("{\"json\": 1}", [:], "{\"json\": 1}"),
            ("{unclosed", ["unclosed": "no"], "{unclosed"),
            ("{{a}}", ["a": "1"], "{a}"),
            ("{{{a}}}", ["a": "1"], "{1}"),
            ("print({{'lr': {lr}}})", ["lr": "0.1"], "print({'lr': 0.1})"),
            ("a}}b{{", [:], "a}b{")
        ] as [(String, [String: String], String)])
    func substitutesInOnePass(template: String, values: [String: String], expected: String) {
        #expect(CommandRunner.substitute(template, values) == expected)
    }

    @Test func refusesAPlaceholderNoJobDefines() {
        let plan = Plan(
            name: "t", jobs: [Job(id: "a", schedule: nil, seed: 1, params: ["lr": .double(0.1)])],
            runner: .command(["train", "--lr", "{lrr}"]))
        do {
            _ = try RunnerSelection.make(for: plan, blocksweepPath: "/bin/true")
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains("placeholder {lrr} names no parameter"))
        }
    }

    /// A job's environment: the variables blocksweep sets, each with its value, and each listed
    /// in README.md's table of what a job receives.
    @Test func aJobReceivesTheDocumentedEnvironment() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let dump = box.root.appendingPathComponent("env.sh")
        try "#!/bin/sh\nenv > \"$1.env\"\ncp \"\(box.path)/good.json\" \"$1\"\n".write(
            to: dump, atomically: true, encoding: .utf8)
        let plan = Plan(
            name: "test", jobs: [Job(id: "e", schedule: nil, seed: 1, params: [:])],
            runner: .command(["/bin/sh", dump.path, "{result}"]))
        let core = MachineDevices.allowedCores()[0]
        #expect(try box.run(plan, slots: [.cpu([core])]).done == 1)
        let partial = box.folder.partialResult("e", attempt: 1)
        let text = try String(contentsOfFile: partial + ".env", encoding: .utf8)
        var env: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 { env[String(parts[0])] = String(parts[1]) }
        }
        let expected = [
            "BLOCKSWEEP_JOB_ID": "e", "BLOCKSWEEP_DEVICE": "cpu:\(core)", "BLOCKSWEEP_RESULT": partial,
            "CUDA_VISIBLE_DEVICES": "", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"
        ]
        for (name, value) in expected { #expect(env[name] == value, "\(name)") }
        let readme = try String(
            contentsOf: BlocksweepBinary.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        for name in expected.keys { #expect(readme.contains("`\(name)`"), "README.md does not document \(name)") }
    }

    /// {device} is the slot's full name, as progress lines and BLOCKSWEEP_DEVICE show it.
    @Test(arguments: [(Slot.cuda(1), "cuda:1"), (.cuda(0), "cuda:0"), (.cpu([1]), "cpu:1"), (.cpu([2, 3]), "cpu:2-3")])
    func deviceIsTheFullDeviceName(slot: Slot, name: String) {
        let runner = CommandRunner(template: ["train", "--device", "{device}", "--tag", "on-{device}"])
        let job = Job(id: "a", schedule: nil, seed: 1, params: [:])
        #expect(
            runner.arguments(for: job, slot: slot, resultPath: "/r.json", baselineResults: [])
                == ["train", "--device", name, "--tag", "on-\(name)"])
        #expect(slot.name == name)
    }

    @Test func builtinJobsBecomeBenchCommandLines() {
        let runner = BuiltinRunner(blocksweepPath: "/bin/blocksweep")
        let job = Job(
            id: "d", schedule: .dynamicSuffix, seed: 3,
            params: [
                "lr": .double(0.001), "equal_time_budget": .bool(true), "dyn_adapt_budget": .bool(false),
                "n_layers": .int(4)
            ], dependsOn: ["f"])
        let argv = runner.arguments(
            for: job, slot: .cpu([0, 1]), resultPath: "/r/x.json", baselineResults: ["/r/f.json"])
        #expect(
            argv == [
                "/bin/blocksweep", "bench", "--schedules", "dynamic_suffix", "--seed", "3",
                "--equal-time-budget", "--lr", "0.001", "--n-layers", "4",
                "--threads", "2", "--json-out", "/r/x.json", "--baseline-json", "/r/f.json"
            ])
    }
}
