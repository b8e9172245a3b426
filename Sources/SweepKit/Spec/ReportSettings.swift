/// The sweep file's `report` block: how the report orders the metrics a command writes.
package struct ReportSettings: Sendable, Equatable, Codable {
    package enum Order: String, Sendable, Equatable, Codable, CaseIterable {
        case ascending, descending
    }

    /// The metric that orders the metrics table; its name is checked only when the report
    /// sees the results (a command's metrics are known only once it ran).
    package var sortBy: String?
    package var order: Order

    package init(sortBy: String? = nil, order: Order = .ascending) {
        self.sortBy = sortBy
        self.order = order
    }

    enum CodingKeys: String, CodingKey {
        case sortBy = "sort_by", order
    }
}
