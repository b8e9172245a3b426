/// Why a result file is unusable; a retry would not change it.
struct ResultContentError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
