import Foundation
import Testing

@testable import SweepRunner

/// Python's bare NaN and Infinity tokens read as null; the same words inside strings stay.
@Suite(.timeLimit(.minutes(10)))
struct JSONTextTests {
    @Test(arguments: [
        (#"{"a": NaN, "b": -Infinity, "c": [Infinity, 1]}"#, #"{"a": null, "b": null, "c": [null, 1]}"#),
        (#"{"gpu": "NaN Infinity \"NaN\"", "x": NaN}"#, #"{"gpu": "NaN Infinity \"NaN\"", "x": null}"#),
        (#"{"cpu": "Intel", "n": -1}"#, #"{"cpu": "Intel", "n": -1}"#)
    ])
    func nonFiniteTokensReadAsNull(input: String, expected: String) {
        #expect(String(decoding: JSONText.nonFiniteAsNull(Data(input.utf8)), as: UTF8.self) == expected)
    }
}
