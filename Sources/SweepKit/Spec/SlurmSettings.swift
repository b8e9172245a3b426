package struct SlurmSettings: Sendable, Equatable, Codable {
    package var partition: String?
    package var account: String?
    package var sbatchArgs: [String]

    package init(partition: String? = nil, account: String? = nil, sbatchArgs: [String] = []) {
        self.partition = partition
        self.account = account
        self.sbatchArgs = sbatchArgs
    }

    /// sbatch flags blocksweep sets itself, which `sbatch_args` must not: the arrays, their
    /// dependencies, names, output files and the launcher command are how it tracks the jobs.
    package static let reservedFlags = [
        "--array", "--dependency", "--wrap", "--parsable", "--job-name", "--output", "--error", "--comment"
    ]
    static let reservedShortFlags = [
        "-a": "--array", "-d": "--dependency", "-J": "--job-name", "-o": "--output", "-e": "--error"
    ]

    /// The reserved flag an argument sets ("--array" for "--array=0-3" or "-a"), or nil.
    package static func reservedFlag(in argument: String) -> String? {
        if let flag = reservedFlags.first(where: { argument == $0 || argument.hasPrefix($0 + "=") }) { return flag }
        // A short flag takes its value glued on or as the next argument: "-a0-3", "-a".
        guard !argument.hasPrefix("--") else { return nil }
        return reservedShortFlags.first { argument.hasPrefix($0.key) }?.value
    }

    enum CodingKeys: String, CodingKey {
        case partition, account, sbatchArgs = "sbatch_args"
    }
}
