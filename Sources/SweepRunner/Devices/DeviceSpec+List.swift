import Vocabulary

extension DeviceSpec {
    /// Parses a comma-separated list such as `cpu:4,cuda:0,cuda:1`.
    package static func parseList(_ text: String) throws(SweepRunError) -> [DeviceSpec] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !text.isEmpty else { throw .badInput("--devices: empty; use e.g. cpu:4 or cpu:4,cuda:0") }
        return try items.map { item throws(SweepRunError) in try parse(item, origin: "--devices") }
    }

    static func parse(_ item: String, origin: String) throws(SweepRunError) -> DeviceSpec {
        guard let spec = DeviceSpec(item) else {
            throw .badInput("\(origin): '\(item)' is not a device; use cpu, cpu:N (N cores), cuda or cuda:N (GPU N)")
        }
        return spec
    }
}
