package struct SlurmSettings: Sendable, Equatable, Codable {
    package var partition: String?
    package var account: String?
    package var sbatchArgs: [String]

    package init(partition: String? = nil, account: String? = nil, sbatchArgs: [String] = []) {
        self.partition = partition
        self.account = account
        self.sbatchArgs = sbatchArgs
    }

    enum CodingKeys: String, CodingKey {
        case partition, account, sbatchArgs = "sbatch_args"
    }
}
