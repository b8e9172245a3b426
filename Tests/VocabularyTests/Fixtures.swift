import Foundation

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The reference script's own result files, which our decoder must read.
let referenceResults = packageRoot.appendingPathComponent("Tests/Fixtures/reference-results")
