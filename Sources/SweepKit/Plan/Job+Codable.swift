import Vocabulary

/// plan.json and added-jobs.json. A setting is a plain JSON scalar, but JSON writes the float
/// 2.0 as 2, which reads back as the integer 2: another argument for a command (`2` where the
/// sweep said `2.0`) and another row for the report. So the names of float settings whose
/// value is whole are listed in `whole_floats`, and read back as floats.
extension Job: Codable {
    enum CodingKeys: String, CodingKey {
        case id, schedule, seed, params, dependsOn = "depends_on", calibration, stepKinds = "step_kinds"
        case forkFrom = "fork_from", wholeFloats = "whole_floats"
    }

    /// A setting's name as a key of `params`.
    struct ParamKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        schedule = try c.decodeIfPresent(Schedule.self, forKey: .schedule)
        seed = try c.decode(Int.self, forKey: .seed)
        params = try c.decode([String: ParameterValue].self, forKey: .params)
        let wholeFloats = try c.decodeIfPresent([String].self, forKey: .wholeFloats) ?? []
        if !wholeFloats.isEmpty {
            // Read as floats from the JSON itself: -0.0, written -0, keeps its sign.
            let raw = try c.nestedContainer(keyedBy: ParamKey.self, forKey: .params)
            for name in wholeFloats {
                if let value = try? raw.decode(Double.self, forKey: ParamKey(name)) { params[name] = .double(value) }
            }
        }
        dependsOn = try c.decodeIfPresent([String].self, forKey: .dependsOn) ?? []
        calibration = try c.decodeIfPresent(String.self, forKey: .calibration)
        stepKinds = try c.decodeIfPresent([String].self, forKey: .stepKinds)
        forkFrom = try c.decodeIfPresent(String.self, forKey: .forkFrom)
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(schedule, forKey: .schedule)
        try c.encode(seed, forKey: .seed)
        try c.encode(params, forKey: .params)
        let wholeFloats = params.compactMap { name, value in
            if case .double(let d) = value, d.isFinite, d == d.rounded(), abs(d) < 1e15 {
                return name
            } else {
                return nil
            }
        }.sorted()
        if !wholeFloats.isEmpty { try c.encode(wholeFloats, forKey: .wholeFloats) }
        try c.encode(dependsOn, forKey: .dependsOn)
        try c.encodeIfPresent(calibration, forKey: .calibration)
        try c.encodeIfPresent(stepKinds, forKey: .stepKinds)
        try c.encodeIfPresent(forkFrom, forKey: .forkFrom)
    }
}
