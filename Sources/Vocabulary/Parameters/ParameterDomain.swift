/// What values a setting accepts; `BenchConfig.validate` and the sweep validator check these.
package enum ParameterDomain: Sendable, Equatable {
    case positiveInt  // ≥ 1
    case nonNegativeInt  // ≥ 0
    case anyInt
    case layerCount  // 0 ... n_layers (0 means "no cap" where allowed)
    case unitInterval  // (0, 1]
    case fraction  // [0, 1]
    case openFraction  // [0, 1)
    case positiveDouble  // > 0
    case nonNegativeDouble  // ≥ 0
    case bool
    case choice([String])
}
