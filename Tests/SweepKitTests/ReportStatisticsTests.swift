import Foundation
import Testing
import Vocabulary

@testable import SweepKit

@Suite(.timeLimit(.minutes(10)))
struct ReportStatisticsTests {
    /// Two-sided 95% critical values from standard t tables.
    @Test(arguments: [
        (1.0, 12.7062), (2.0, 4.3027), (3.0, 3.1824), (4.0, 2.7764), (5.0, 2.5706),
        (9.0, 2.2622), (10.0, 2.2281), (30.0, 2.0423), (120.0, 1.9799), (100_000.0, 1.9600)
    ])
    func tQuantileMatchesTables(df: Double, expected: Double) {
        #expect(abs(Statistics.tQuantile(0.975, degreesOfFreedom: df) - expected) < 5e-4)
    }

    @Test func tQuantileIsSymmetricAndInvertsTheCDF() {
        for df in [1.0, 2.5, 7, 40] {
            for q in [0.6, 0.9, 0.995] {
                let t = Statistics.tQuantile(q, degreesOfFreedom: df)
                #expect(abs(Statistics.tCDF(t, degreesOfFreedom: df) - q) < 1e-10)
                #expect(abs(Statistics.tQuantile(1 - q, degreesOfFreedom: df) + t) < 1e-9)
            }
        }
    }

    @Test func estimateOfThreeValues() throws {
        // mean 2, sd 1, half width t(2) / sqrt(3) = 4.3027 / 1.7321 = 2.4841
        let e = try #require(Estimate([1, 2, 3]))
        #expect(e.mean == 2 && e.count == 3 && abs(e.sd - 1) < 1e-12)
        #expect(abs(e.lo - (2 - 2.48414)) < 1e-4 && abs(e.hi - (2 + 2.48414)) < 1e-4)
    }

    @Test func estimateOfOneValueIsThePoint() throws {
        let e = try #require(Estimate([1.3]))
        #expect(e.lo == 1.3 && e.hi == 1.3 && e.count == 1)
        #expect(Estimate([]) == nil)
    }

    @Test func samplesToSettle() {
        // Gap 0.05 with sd 0.05: needs t(n-1)/sqrt(n) < 1, first true at n = 7 (2.447/2.646).
        #expect(Statistics.samplesToSettle(mean: 1.15, sd: 0.05, threshold: 1.10) == 7)
        // A wider spread needs more.
        #expect(Statistics.samplesToSettle(mean: 1.15, sd: 0.10, threshold: 1.10)! > 7)
        // On the threshold: never.
        #expect(Statistics.samplesToSettle(mean: 1.10, sd: 0.05, threshold: 1.10) == nil)
    }
}
