/// How a probe step scores each block (docs/benchmark.md: grad_ratio or saliency_abs_gp).
package enum RelevanceMetric: String, Sendable, Codable, CaseIterable {
    case gradRatio = "grad_ratio"
    case saliencyAbsGP = "saliency_abs_gp"
}
