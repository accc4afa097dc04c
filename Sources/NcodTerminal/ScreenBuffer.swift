/// A terminal screen as a grid of cells, drawn into by pure render functions and shown by a ``Terminal``.
///
/// A wide character (most CJK) fills two cells: the second is a continuation with empty text.
public struct ScreenBuffer: Equatable, Sendable {
    /// One cell.
    public struct Cell: Equatable, Sendable {
        /// The character drawn here; empty for the second half of a wide character.
        public var text: String
        /// Its style.
        public var style: Style

        /// A blank cell.
        public static let blank = Cell(text: " ", style: .normal)
    }

    /// Rows.
    public let rows: Int
    /// Columns.
    public let columns: Int
    private(set) var cells: [Cell]

    /// A blank screen.
    public init(rows: Int, columns: Int) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        cells = Array(repeating: .blank, count: self.rows * self.columns)
    }

    /// The cell at `row`, `column`.
    public subscript(row: Int, column: Int) -> Cell { cells[row * columns + column] }

    /// Draws `text` from `row`, `column`, within `width` columns (default: to the right edge); returns the columns used.
    /// A wide character that would straddle the edge becomes a space.
    @discardableResult
    public mutating func put(_ text: String, row: Int, column: Int, style: Style = .normal, width: Int? = nil) -> Int {
        guard row >= 0, row < rows, column >= 0, column < columns else { return 0 }
        let limit = min(columns - column, width ?? columns)
        var used = 0
        for character in text {
            if character.isASCII, let value = character.asciiValue, value < 32 { continue }
            let size = TextWidth.columns(character)
            guard size > 0 else {
                // A combining mark joins the previous cell's character.
                if used > 0 { cells[row * columns + column + used - 1].text.append(character) }
                continue
            }
            if used + size > limit {
                if used < limit { set(row, column + used, Cell(text: " ", style: style)) }
                break
            }
            set(row, column + used, Cell(text: String(character), style: style))
            if size == 2 { set(row, column + used + 1, Cell(text: "", style: style)) }
            used += size
        }
        return used
    }

    /// Paints `width` cells from `column` with spaces of `style` (a bar, a selection).
    public mutating func fill(row: Int, column: Int = 0, width: Int? = nil, style: Style) {
        guard row >= 0, row < rows else { return }
        for index in column..<min(columns, column + (width ?? columns)) where index >= 0 {
            set(row, index, Cell(text: " ", style: style))
        }
    }

    /// Re-styles `width` cells from `column`, keeping their text.
    public mutating func restyle(row: Int, column: Int = 0, width: Int? = nil, style: Style) {
        guard row >= 0, row < rows else { return }
        for index in column..<min(columns, column + (width ?? columns)) where index >= 0 {
            cells[row * columns + index].style = style
        }
    }

    private mutating func set(_ row: Int, _ column: Int, _ cell: Cell) {
        let index = row * columns + column
        // Overwriting half of a wide character blanks its other half.
        if cells[index].text.isEmpty, column > 0 { cells[index - 1] = Cell(text: " ", style: cells[index - 1].style) }
        if TextWidth.columns(cells[index].text) == 2, column + 1 < columns, cell.text.isEmpty == false, TextWidth.columns(cell.text) < 2 {
            cells[index + 1] = Cell(text: " ", style: cells[index + 1].style)
        }
        cells[index] = cell
    }

    /// The text of `row`, continuation cells left out (so a wide character shows once), trailing spaces trimmed.
    public func text(row: Int) -> String {
        var line = ""
        for column in 0..<columns { line += self[row, column].text }
        while line.last == " " { line.removeLast() }
        return line
    }

    /// Every row's text: what a person reads, and what golden screens compare.
    public var lines: [String] { (0..<rows).map(text(row:)) }

    /// The row as runs of equally styled text, for a terminal to draw.
    public func runs(row: Int) -> [(column: Int, text: String, style: Style)] {
        var runs: [(column: Int, text: String, style: Style)] = []
        for column in 0..<columns {
            let cell = self[row, column]
            if let last = runs.last, last.style == cell.style {
                runs[runs.count - 1].text += cell.text
            } else {
                runs.append((column, cell.text, cell.style))
            }
        }
        return runs
    }
}
