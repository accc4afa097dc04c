/// Drawing helpers every screen shares: a framed box over the screen (help, questions, forms) and word wrapping.
public enum Panel {
    /// Draws `lines` in a framed box centred on `buffer`; the first line is the title, in bold. Lines in `highlighted` are reversed.
    /// Returns the rows and columns of the box's inside, for a caller that draws more into it.
    @discardableResult
    public static func box(
        _ lines: [String], in buffer: inout ScreenBuffer, minWidth: Int = 20, highlighted: Set<Int> = [], titleStyle: Style = .strong
    ) -> (top: Int, left: Int, width: Int) {
        let width = min(buffer.columns - 4, max(minWidth, (lines.map(TextWidth.columns).max() ?? 20) + 4))
        let height = min(buffer.rows - 2, lines.count + 2)
        let left = max(0, (buffer.columns - width) / 2)
        let top = max(1, (buffer.rows - height) / 2)
        for row in top..<(top + height) { buffer.fill(row: row, column: left, width: width, style: .normal) }
        buffer.put("┌" + String(repeating: "─", count: width - 2) + "┐", row: top, column: left)
        for index in 1..<max(1, height - 1) {
            buffer.put("│", row: top + index, column: left)
            buffer.put("│", row: top + index, column: left + width - 1)
            let line = index - 1
            guard line < lines.count else { continue }
            let style: Style = line == 0 ? titleStyle : (highlighted.contains(line) ? .selected : .normal)
            buffer.put(lines[line], row: top + index, column: left + 2, style: style, width: width - 4)
        }
        buffer.put("└" + String(repeating: "─", count: width - 2) + "┘", row: top + height - 1, column: left)
        return (top + 1, left + 2, width - 4)
    }

    /// `text` broken into lines of at most `width` columns, at spaces where there are any (Chinese may break anywhere).
    public static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let candidate = line.isEmpty ? word : line + " " + word
            if TextWidth.columns(candidate) <= width {
                line = candidate
                continue
            }
            if !line.isEmpty { lines.append(line) }
            line = ""
            for character in word {
                if TextWidth.columns(line) + TextWidth.columns(character) > width {
                    lines.append(line)
                    line = ""
                }
                line.append(character)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
