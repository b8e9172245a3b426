extension Int {
    /// "1 job", "2 jobs", "0 jobs": a count with its noun in the right number, for every count
    /// blocksweep prints. `plural` for nouns that do not just add "s".
    package func counted(_ singular: String, plural: String? = nil) -> String {
        "\(self) \(self == 1 ? singular : plural ?? singular + "s")"
    }
}
