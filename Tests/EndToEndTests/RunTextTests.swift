import BlocksweepTestSupport
import Foundation
import Testing

@testable import SweepRunner

/// What `validate` and `run` print for a one-job sweep: "1 job", never "1 jobs".
@Suite(.timeLimit(.minutes(10))) struct RunTextTests {
    @Test func aOneJobSweepSaysJob() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let path = box.root.appendingPathComponent("one.yaml").path
        try """
        version: 1
        name: one
        runner: {command: ["/bin/sh", "\(box.script)", "{result}", "{mode}"]}
        base:
          mode: ok
        seeds: [1]
        execution:
          threads: 1
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let validate = try BlocksweepBinary.run(["validate", path], in: box.root)
        #expect(validate.stdout == "\(path): ok: 1 job from 1 point\n")
        let run = try BlocksweepBinary.run(
            ["run", path, "--results", box.path + "/results", "--devices", "cpu:1"], in: box.root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("one: 1 job on cpu:"), "\(run.stdout)")
        #expect(run.stdout.contains("one: 1 done, 0 failed, 0 skipped of 1 job\n"), "\(run.stdout)")
    }
}
