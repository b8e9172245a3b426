import Foundation

/// A figure the markdown links to, by path relative to the report.
package struct FigureLink: Sendable, Equatable {
    package var path: String
    package var title: String

    package init(path: String, title: String) {
        self.path = path
        self.title = title
    }
}
