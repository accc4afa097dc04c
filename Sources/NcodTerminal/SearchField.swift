/// The one-line search both terminal programs open with `/`: typing edits it, Enter keeps it, Esc clears it.
public enum SearchField {
    /// Applies `key` to the search `text` being typed (`active` turns false on Enter or Esc); false for keys it leaves to the list.
    public static func edit(_ key: Key, text: inout String, active: inout Bool) -> Bool {
        switch key {
        case .enter: active = false
        case .escape:
            active = false
            text = ""
        case .backspace: _ = text.popLast()
        case .character(let character): text.append(character)
        default: return false
        }
        return true
    }
}
