import Testing
@testable import SweepRunner

// Filled by the executor's issue.
