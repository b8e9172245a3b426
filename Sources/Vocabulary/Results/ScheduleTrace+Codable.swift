import Foundation

extension ScheduleTrace: Codable {
    enum CodingKeys: String, CodingKey {
        case stepTimesMs = "step_times_ms", trainLosses = "train_losses"
        case activeLayersHist = "active_layers_hist", dynamicTrace = "dynamic_trace"
        case modelledStepMs = "modelled_step_ms"
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        stepTimesMs = (try c.decodeIfPresent([Double?].self, forKey: .stepTimesMs) ?? []).map { $0 ?? .nan }
        trainLosses = try c.decodeIfPresent([Double?].self, forKey: .trainLosses) ?? []
        activeLayersHist = try c.decodeIfPresent([Int].self, forKey: .activeLayersHist) ?? []
        dynamicTrace = try c.decodeIfPresent([TraceEvent].self, forKey: .dynamicTrace) ?? []
        modelledStepMs = try c.decodeIfPresent([Double].self, forKey: .modelledStepMs)
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeFinite(stepTimesMs.map(Optional.some), forKey: .stepTimesMs)
        try c.encodeFinite(trainLosses, forKey: .trainLosses)
        try c.encode(activeLayersHist, forKey: .activeLayersHist)
        try c.encode(dynamicTrace, forKey: .dynamicTrace)
        try c.encodeIfPresent(modelledStepMs, forKey: .modelledStepMs)
    }
}
