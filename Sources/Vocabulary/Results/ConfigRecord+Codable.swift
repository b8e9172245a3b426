import Foundation

extension ConfigRecord: Codable {
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        var settings = BenchConfig()
        for parameter in BenchParameter.all where parameter.name != "device" {
            let key = AnyKey(parameter.name)
            guard c.contains(key), try !c.decodeNil(forKey: key) else { continue }
            let value: ParameterValue
            switch parameter.binding {
            case .int: value = .int(try c.decode(Int.self, forKey: key))
            case .double: value = .double(try c.decode(Double.self, forKey: key))
            case .bool: value = .bool(try c.decode(Bool.self, forKey: key))
            case .metric, .recoveryMode, .text: value = .string(try c.decode(String.self, forKey: key))
            }
            guard parameter.assign(value, to: &settings) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c, debugDescription: "'\(value)' is not a valid \(parameter.name)")
            }
        }
        settings.device = try c.decodeIfPresent(String.self, forKey: AnyKey("device_arg")) ?? settings.device
        self.settings = settings
        resolvedDevice = try c.decodeIfPresent(String.self, forKey: AnyKey("resolved_device")) ?? settings.device
        dtypeEffective = try c.decodeIfPresent(String.self, forKey: AnyKey("dtype_effective"))
        equalTimeClock = try c.decodeIfPresent(String.self, forKey: AnyKey("equal_time_clock"))
        calibration = try c.decodeIfPresent(String.self, forKey: AnyKey("calibration"))
        calibrationDigest = try c.decodeIfPresent(String.self, forKey: AnyKey("calibration_digest"))
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        try c.encode(settings.device, forKey: AnyKey("device_arg"))
        try c.encode(resolvedDevice, forKey: AnyKey("resolved_device"))
        for parameter in BenchParameter.all where parameter.name != "device" {
            let key = AnyKey(parameter.name)
            switch parameter.value(in: settings) {
            case .int(let v): try c.encode(v, forKey: key)
            case .double(let v): try c.encodeFinite(v, forKey: key)
            case .bool(let v): try c.encode(v, forKey: key)
            case .string(let v): try c.encode(v, forKey: key)
            }
        }
        if let dtypeEffective { try c.encode(dtypeEffective, forKey: AnyKey("dtype_effective")) }
        if let equalTimeClock {
            try c.encode(equalTimeClock, forKey: AnyKey("equal_time_clock"))
            try c.encode(calibration, forKey: AnyKey("calibration"))
            try c.encodeIfPresent(calibrationDigest, forKey: AnyKey("calibration_digest"))
        }
    }
}
