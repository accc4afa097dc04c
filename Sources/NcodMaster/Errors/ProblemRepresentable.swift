import NcodCore

/// An error that knows the problem document describing it; ``ProblemMiddleware`` answers with that document.
protocol ProblemRepresentable: Error {
    /// The problem for API clients (English text).
    var problem: Problem { get }
}
