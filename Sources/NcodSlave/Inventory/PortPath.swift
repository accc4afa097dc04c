/// Ordering of USB port paths (`1-1.10` after `1-1.9`), number by number.
enum PortPath {
    /// Whether `left` comes before `right`.
    static func areInIncreasingOrder(_ left: String, _ right: String) -> Bool {
        let a = numbers(left)
        let b = numbers(right)
        return a.lexicographicallyPrecedes(b)
    }

    private static func numbers(_ path: String) -> [Int] {
        path.split(whereSeparator: { $0 == "-" || $0 == "." }).map { Int($0) ?? 0 }
    }
}
