import Testing

@testable import Vocabulary

/// Every printed number goes through NumberText: these pin the spellings the console, the plan
/// table, the report and the status line rely on.
@Suite(.timeLimit(.minutes(10))) struct NumberTextTests {
    @Test func fixedKeepsPrintfsSpellingUnlessToldOtherwise() {
        #expect(NumberText.fixed(1.23456, 2) == "1.23")
        #expect(NumberText.fixed(2.5, 0) == "2")
        #expect(NumberText.fixed(.nan, 2) == "nan")
        #expect(NumberText.fixed(.nan, 2, nonFinite: "n/a") == "n/a")
        #expect(NumberText.fixed(.infinity, 1, nonFinite: "n/a") == "n/a")
    }

    @Test func shortestReadsBackTheSameDouble() {
        for v in [0.0003, 1e-08, 3.0, 0.1, 123456.789, 1e20] {
            #expect(Double(NumberText.shortest(v)) == v, "\(v)")
        }
        #expect(NumberText.shortest(3) == "3.0")
        #expect(NumberText.shortest(1e-08) == "1e-08")
    }

    @Test func speedupsAndPercentages() {
        #expect(NumberText.times(1.234, 2) == "1.23×")
        #expect(NumberText.times(0.004321, 2) == "0.0043×", "a tiny ratio never reads 0.00×")
        #expect(NumberText.times(.nan, 2) == "n/a")
        #expect(NumberText.signedPercent(0.0123, 2) == "+1.23%")
        #expect(NumberText.signedPercent(-0.5, 1) == "-50.0%")
        #expect(NumberText.significant(123_456_789, 3) == "1.23e+08")
        #expect(NumberText.significant(1.5) == "1.5")
    }

    @Test func durations() {
        #expect(NumberText.duration(42.4) == "42s")
        #expect(NumberText.duration(185) == "3m05s")
        #expect(NumberText.duration(7260) == "2h01m")
        #expect(NumberText.duration(-3) == "0s")
        #expect(NumberText.spacedDuration(185) == "3m 5s")
        #expect(NumberText.spacedDuration(7260) == "2h 1m")
        #expect(NumberText.gibibytes(3 << 29) == "1.5 GiB")
    }
}
