import Testing
import Vocabulary

/// `status` shows a running job's last progress line; the line is the job's to write, so no
/// value in it may trap the runner (a trial crashed `status` and a live `run` with 1e22).
@Suite(.timeLimit(.minutes(10)))
struct StepRecordTextTests {
    private func text(_ line: String) -> String? {
        JobProgress.lastRecord(in: Substring(line + "\n")).map { JobProgress(job: "j", last: $0).text }
    }

    @Test func aRunningJobReadsAsStepsDoneLossAndTimeAgainstItsBudget() {
        #expect(
            text(
                #"{"step":41,"loss":2.83124,"modelled_elapsed_ms":1200,"steps_limit":200,"budget_ms":3400,"budget_clock":"modelled"}"#
            )
                == "step 42/200 · loss 2.8312 · modelled 1.2s of 3.4s budget")
        #expect(text(#"{"step":0,"elapsed_ms":90000}"#) == "step 1 · 1m30s")
    }

    @Test(arguments: [
        #"{"step":3,"elapsed_ms":1e22}"#, #"{"step":3,"budget_ms":1e300,"elapsed_ms":5}"#,
        #"{"step":9223372036854775807}"#, #"{"step":-4,"steps_limit":-5,"elapsed_ms":-1e22}"#,
        #"{"step":1,"loss":1e300}"#
    ])
    func aValueNoRunCanHaveShowsAsAQuestionMarkNeverATrap(line: String) throws {
        let shown = try #require(text(line))
        #expect(shown.count < 80, "\(shown)")
    }
}
