import Vocabulary

/// How a sweep's values sit in memory while the planner walks its points: every varying
/// parameter has a slot; its values are kept as numbers for `where`, and as the bytes and
/// dictionary entries a job id and a job's params are built from.
struct JobLayout {
    let spec: SweepSpec
    let isCommand: Bool
    /// Slot of each varying parameter, and the first slot of each dimension.
    private(set) var slotOf: [String: Int] = [:]
    private(set) var firstSlot: [Int] = []
    private(set) var slotNames: [String] = []
    var slotCount: Int { slotNames.count }
    /// Fixed value of every parameter that does not vary (benchmark defaults included).
    private(set) var fixed: [String: ParameterValue] = [:]
    private var strings: [String: Double] = [:]

    /// Per dimension, row-major numbers (rows × width) for `where`.
    private var numbers: [[Double]] = []

    init(spec: SweepSpec) {
        self.spec = spec
        if case .command = spec.runner { isCommand = true } else { isCommand = false }
        if !isCommand {
            let defaults = BenchConfig()
            for p in ParameterCatalog.sweepable { fixed[p.name] = p.value(in: defaults) }
        }
        for s in spec.base { fixed[s.name] = s.value }
        for d in spec.dimensions {
            firstSlot.append(slotNames.count)
            for n in d.names {
                slotOf[n] = slotNames.count
                slotNames.append(n)
                fixed[n] = nil
            }
        }
        numbers = spec.dimensions.map { d in d.rows.flatMap { row in row.map { number($0) } } }
    }

    /// Text becomes an interned id: `where` compares text only for equality.
    private mutating func number(_ v: ParameterValue) -> Double {
        switch v {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .string(let s):
            if let id = strings[s] { return id }
            let id = Double(strings.count + 1)
            strings[s] = id
            return id
        }
    }

    func load(dimension d: Int, row: Int, into env: inout [Double]) {
        let width = spec.dimensions[d].names.count
        let base = row * width
        let first = firstSlot[d]
        for k in 0..<width { env[first + k] = numbers[d][base + k] }
    }

    mutating func compile(_ e: Expression) -> CompiledExpression {
        var layout = self
        let compiled = CompiledExpression(
            e,
            resolve: { name in
                if let slot = layout.slotOf[name] { return .slot(slot) }
                return .constant(layout.fixed[name].map { layout.number($0) } ?? 0)
            }, intern: { layout.number(.string($0)) })
        self = layout
        return compiled
    }

    /// Where a varying parameter sits: its dimension and its column in that dimension's rows;
    /// nil for a fixed one.
    func position(of name: String) -> (dimension: Int, column: Int)? {
        guard let slot = slotOf[name] else { return nil }
        let d = firstSlot.lastIndex { $0 <= slot }!
        return (d, slot - firstSlot[d])
    }
}
