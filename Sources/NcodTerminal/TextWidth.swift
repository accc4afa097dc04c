import CNcurses
import Glibc

/// How many terminal columns text takes, by `wcwidth`: CJK characters take two, combining marks none.
/// Never by byte count or `Character` count, so Chinese names line up in columns.
public enum TextWidth {
    /// Makes `wcwidth` (and curses) UTF-8 aware: the locale comes from the environment, and falls back to `C.UTF-8`
    /// when the environment's is not a UTF-8 one (as under `LANG=C`).
    public static func prepareLocale() {
        setlocale(LC_ALL, "")
        let current = String(cString: setlocale(LC_CTYPE, nil))
        if !current.uppercased().contains("UTF-8") && !current.uppercased().contains("UTF8") {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    /// Columns of one character: the widest of its scalars, control characters counting as none.
    public static func columns(_ character: Character) -> Int {
        var widest = 0
        for scalar in character.unicodeScalars {
            let width = Int(ncod_wcwidth(scalar.value))
            widest = max(widest, width)
        }
        return min(widest, 2)
    }

    /// Columns of `text`.
    public static func columns(_ text: String) -> Int {
        text.reduce(0) { $0 + columns($1) }
    }

    /// `text` cut to at most `width` columns, ending in `…` when it was cut; control characters dropped.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        let clean = text.filter { !($0.isASCII && ($0.asciiValue ?? 32) < 32) }
        guard columns(clean) > width else { return clean }
        var result = ""
        var used = 0
        for character in clean {
            let size = columns(character)
            if used + size > width - 1 { break }
            result.append(character)
            used += size
        }
        return result + "…"
    }

    /// `text` cut or padded with spaces to exactly `width` columns.
    public static func fit(_ text: String, to width: Int) -> String {
        let cut = truncate(text, to: width)
        return cut + String(repeating: " ", count: max(0, width - columns(cut)))
    }
}
