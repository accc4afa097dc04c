/// A sentence for a person, in every language ncod speaks, kept side by side so none is forgotten.
///
/// The API's problem documents use ``english``; pages and terminal screens pick ``text(in:)``.
public struct Message: Hashable, Sendable, CustomStringConvertible {
    /// English text.
    public let english: String
    /// Simplified Chinese text.
    public let chinese: String

    /// Creates a message.
    public init(_ english: String, zh chinese: String) {
        self.english = english
        self.chinese = chinese
    }

    /// The text in `language`.
    public func text(in language: Language) -> String {
        language == .english ? english : chinese
    }

    /// The English text.
    public var description: String { english }
}
