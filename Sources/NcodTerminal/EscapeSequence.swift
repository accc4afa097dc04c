/// Keys that reach the program as raw escape sequences when curses does not know them for the terminal it was told it is on
/// (a `TERM` that does not match, tmux, serial consoles): `ESC [ 4 ~` must be End, never Escape, `[`, `4`, `~`.
public enum EscapeSequence {
    /// The key for the bytes after `ESC`: a CSI (`[` …) or SS3 (`O` …) sequence; `nil` for one that means nothing here.
    public static func key(_ body: String) -> Key? {
        guard let introducer = body.first, introducer == "[" || introducer == "O", let final = body.last, body.count >= 2 else { return nil }
        let parameters = body.dropFirst().dropLast()
        switch final {
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "H": return .home
        case "F": return .end
        case "Z": return .backTab
        case "P", "Q", "R", "S":
            return .function(Int(final.asciiValue! - Character("P").asciiValue!) + 1)
        case "~":
            let number = Int(parameters.split(separator: ";").first ?? "") ?? 0
            switch number {
            case 1, 7: return .home
            case 4, 8: return .end
            case 3: return .delete
            case 5: return .pageUp
            case 6: return .pageDown
            case 11...15: return .function(number - 10)
            case 17...21: return .function(number - 11)
            case 23, 24: return .function(number - 12)
            default: return nil
            }
        default: return nil
        }
    }

    /// Whether `character` ends a sequence begun with `introducer` (`[` or `O`).
    public static func isFinal(_ character: Character, after body: String) -> Bool {
        guard let scalar = character.unicodeScalars.first?.value else { return true }
        if body == "O" { return true }  // SS3: one character follows
        return (0x40...0x7E).contains(scalar)
    }
}
