import BlocksweepTestSupport
import Foundation
import Testing

/// `blocksweep report` on a reference file whose full_update diverged names that, as the library's
/// report does (CommandReportTests.aDivergedBaselineIsNamed).
@Suite(.timeLimit(.minutes(10))) struct DivergedBaselineCommandTests {
    @Test func reportNamesADivergedBaseline() throws {
        let text = String(
            decoding: try ReferenceResultFile.data(seed: 3, dynMs: 5, dynVal: 0.1, fullVal: .nan), as: UTF8.self)
        let diverged = text.replacingOccurrences(of: "\"final_val_loss\" : null", with: "\"final_val_loss\" : NaN")
        #expect(diverged != text)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("diverged-\(UUID().uuidString).json")
        try Data(diverged.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let cli = try BlocksweepBinary.run(["report", file.path])
        #expect(cli.status == 0, "\(cli.stderr)")
        #expect(
            cli.stdout.contains("full\\_update baseline of seed 3 diverged (val or train loss NaN"), "\(cli.stdout)")
        #expect(!cli.stdout.contains("no full\\_update result of the same seed"))
    }
}
