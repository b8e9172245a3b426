import Foundation

extension ScheduleTrace: Codable {
    enum CodingKeys: String, CodingKey {
        case stepTimesMs = "step_times_ms", trainLosses = "train_losses"
        case activeLayersHist = "active_layers_hist", dynamicTrace = "dynamic_trace"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        stepTimesMs = (try c.decodeIfPresent([Double?].self, forKey: .stepTimesMs) ?? []).map { $0 ?? .nan }
        trainLosses = try c.decodeIfPresent([Double?].self, forKey: .trainLosses) ?? []
        activeLayersHist = try c.decodeIfPresent([Int].self, forKey: .activeLayersHist) ?? []
        dynamicTrace = try c.decodeIfPresent([TraceEvent].self, forKey: .dynamicTrace) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        var times = c.nestedUnkeyedContainer(forKey: .stepTimesMs)
        for t in stepTimesMs { if t.isFinite { try times.encode(t) } else { try times.encodeNil() } }
        var losses = c.nestedUnkeyedContainer(forKey: .trainLosses)
        for l in trainLosses { if let l, l.isFinite { try losses.encode(l) } else { try losses.encodeNil() } }
        try c.encode(activeLayersHist, forKey: .activeLayersHist)
        try c.encode(dynamicTrace, forKey: .dynamicTrace)
    }
}
