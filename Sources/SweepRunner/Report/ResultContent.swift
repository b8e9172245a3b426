import Foundation
import SweepKit
import Vocabulary

/// What a job's result file may hold (docs/sweep-file.md, "What a command leaves"): a
/// benchmark result in the reference layout, or a flat JSON object of numbers. Anything else
/// is refused with the reason. The runner checks each file with it before accepting a job, and
/// the report reads every file through it, so the two never disagree.
enum ResultContent: Sendable {
    case benchmark(BenchReportHeader)
    case metrics([String: Double])

    /// Reads one file's bytes: a benchmark result first (the common case, decoded without its
    /// traces), else a flat object of numbers; the failure says why it is neither.
    static func read(_ raw: Data, decoder: JSONDecoder) -> Result<ResultContent, ResultContentError> {
        let data = JSONText.nonFiniteAsNull(raw)
        if let header = try? decoder.decode(BenchReportHeader.self, from: data) { return .success(.benchmark(header)) }
        let value: JSONValue
        do { value = try decoder.decode(JSONValue.self, from: data) } catch {
            return .failure(ResultContentError("not JSON: \(ResultsLoader.describe(error))"))
        }
        guard case .object(let object) = value else {
            return .failure(
                ResultContentError(
                    "the JSON is \(value.kind); a result is an object: a benchmark result or flat metrics"))
        }
        if object["results"] != nil || object["config"] != nil {
            // It means to be a benchmark result: say why it is not one.
            do { _ = try decoder.decode(BenchReportHeader.self, from: data) } catch {
                return .failure(ResultContentError("not a benchmark result: \(ResultsLoader.describe(error))"))
            }
        }
        guard !object.isEmpty else { return .failure(ResultContentError("the JSON object is empty: no metrics")) }
        var metrics: [String: Double] = [:]
        for name in object.keys.sorted() {
            switch object[name]! {
            case .number(let v): metrics[name] = v
            // null is how non-finite numbers reach JSON (and NaN tokens were read as null).
            case .null: metrics[name] = .nan
            case let other:
                return .failure(
                    ResultContentError(
                        "neither a benchmark result (no 'results') nor flat metrics: "
                            + "'\(name)' holds \(other.kind), and metrics are numbers"))
            }
        }
        return .success(.metrics(metrics))
    }
}
