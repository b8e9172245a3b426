import Foundation
import Testing

@testable import Vocabulary

/// The parameter table is what the flags, the sweep file and the result JSON share.
@Suite(.timeLimit(.minutes(10))) struct BenchParameterTests {
    @Test func namesAreUniqueAndFlagsAreTheirKebabForm() {
        let names = BenchParameter.all.map(\.name)
        #expect(Set(names).count == names.count)
        for p in BenchParameter.all {
            #expect(p.flag == "--" + p.name.replacingOccurrences(of: "_", with: "-"), "\(p.name)")
            #expect(BenchParameter.named(p.name)?.name == p.name)
            #expect(BenchParameter.named(p.name.replacingOccurrences(of: "_", with: "-"))?.name == p.name)
        }
        #expect(BenchParameter.named("no_such_setting") == nil)
    }

    @Test func defaultsOfTheTableAreValidConfig() {
        #expect(BenchConfig().validate().isEmpty)
    }

    @Test func parameterValuesRoundTripThroughJSON() throws {
        let values: [ParameterValue] = [.int(3), .double(0.0003), .bool(true), .string("staged")]
        let data = try JSONEncoder().encode(values)
        #expect(try JSONDecoder().decode([ParameterValue].self, from: data) == values)
    }
}
