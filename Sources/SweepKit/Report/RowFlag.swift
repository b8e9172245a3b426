import Foundation

/// Marks on a row that qualify its verdict.
package enum RowFlag: String, Sendable, Codable, CaseIterable {
    /// Judged on one run's point values: no interval.
    case singleRun = "single-run"
    /// A speedup above the cost model's hard limit: a timing fault, never kept.
    case suspectTiming = "suspect-timing"
    /// More than 10% above the matmul estimate: possible, but worth a look.
    case aboveMatmulEstimate = "above-matmul-estimate"
    /// Some runs had no full_update result to pair with and were left out.
    case unpaired
    /// Some runs, or their full_update baselines, ended with a non-finite val loss.
    case diverged
    /// The settings leave no block frozen (K ≥ N): the same work as full_update, never kept.
    case degenerate
    /// A run's measured speedup is more than 5% off its modelled one: something disturbed its
    /// timing (a neighbour, a frequency change), or the calibration no longer fits.
    case timingDisturbed = "timing-disturbed"
    /// The calibration's own uncertainty could flip the verdict: inconclusive, whatever the seeds.
    case calibrationDecides = "calibration-decides"
    /// Its runs were priced by different calibrations (or measurements of one): never pooled
    /// into a verdict.
    case mixedPrices = "mixed-prices"
}
