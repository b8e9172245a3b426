import BlocksweepTestSupport
import Foundation

/// Where the end-to-end tests find the repository's sweeps and the fixtures they share with the
/// library tests (the sweep-file errors live beside ValidationErrorTests in SweepKitTests).
enum Paths {
    static let sweeps = BlocksweepBinary.packageRoot.appendingPathComponent("sweeps")
    static let fixtures = BlocksweepBinary.packageRoot.appendingPathComponent("Tests/SweepKitTests/Fixtures")
    static let referenceResults = BlocksweepBinary.packageRoot.appendingPathComponent(
        "Tests/Fixtures/reference-results")

    /// Two of the reference benchmark's result files.
    static let tuned = "dynamic_block_schedule_tuned_20260225_163732.json"
    static let early = "dynamic_block_schedule_20260225_160512.json"

    static func fixture(_ relative: String) -> URL { fixtures.appendingPathComponent(relative) }
    static func reference(_ name: String) -> URL { referenceResults.appendingPathComponent(name) }
}
