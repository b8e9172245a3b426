package enum Backend: Sendable, Equatable, Codable {
    case local
    case slurm(SlurmSettings)
}
