/// Passwords the master makes for a reset: 16 characters from an alphabet without look-alikes, always mixing letters and digits.
enum TemporaryPassword {
    private static let letters = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ")
    private static let digits = Array("23456789")

    /// A new random password.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let body = (0..<14).map { _ in letters.randomElement(using: &generator)! }
        let numbers = (0..<2).map { _ in digits.randomElement(using: &generator)! }
        return String((body + numbers).shuffled(using: &generator))
    }
}
