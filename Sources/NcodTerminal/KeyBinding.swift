import NcodCore

/// One line of a screen's keymap: the keys, what they do in words (both languages), the action they send.
/// The footer and the `?` help screen are generated from these, so they can never disagree with what the keys do.
public struct KeyBinding<Action: Sendable>: Sendable {
    /// The keys that trigger it (the first is the one shown).
    public var keys: [Key]
    /// What it does, for the footer and the help screen.
    public var label: Message
    /// What it sends to the screen's reducer.
    public var action: Action
    /// Asks for confirmation before acting (shown with a `!` in help).
    public var destructive: Bool
    /// Shown in the footer (every binding is in the help screen).
    public var inFooter: Bool

    /// Creates a binding.
    public init(_ keys: [Key], _ label: Message, _ action: Action, destructive: Bool = false, inFooter: Bool = true) {
        self.keys = keys
        self.label = label
        self.action = action
        self.destructive = destructive
        self.inFooter = inFooter
    }
}

/// A screen's keybindings.
public struct Keymap<Action: Sendable>: Sendable {
    /// The bindings, in the order the footer and help list them.
    public var bindings: [KeyBinding<Action>]

    /// A keymap.
    public init(_ bindings: [KeyBinding<Action>]) { self.bindings = bindings }

    /// The action `key` triggers, if any.
    public func action(for key: Key) -> Action? {
        bindings.first { $0.keys.contains(key) }?.action
    }

    /// `Enter connect  d disconnect  / search  ? help  q quit`, cut to `width` columns.
    ///
    /// The last `keepingLast` bindings (help and quit) always show: when the line is too narrow, bindings are left out from
    /// before them, so that a person can always find the rest and leave.
    public func footer(_ language: Language, width: Int, keepingLast: Int = 0) -> String {
        let items = bindings.filter(\.inFooter).map { "\($0.keys[0].name) \($0.label.text(in: language))" }
        let kept = items.suffix(keepingLast).joined(separator: "  ")
        guard TextWidth.columns(kept) <= width else { return TextWidth.fit(kept, to: width) }
        var line = ""
        for item in items.dropLast(keepingLast) {
            let candidate = line.isEmpty ? item : line + "  " + item
            if TextWidth.columns(kept.isEmpty ? candidate : candidate + "  " + kept) > width { break }
            line = candidate
        }
        return kept.isEmpty ? line : line.isEmpty ? kept : line + "  " + kept
    }

    /// One help line per binding: all its keys, then what it does.
    public func helpLines(_ language: Language) -> [String] {
        let keyWidth = bindings.map { TextWidth.columns($0.keys.map(\.name).joined(separator: " ")) }.max() ?? 0
        return bindings.map { binding in
            let keys = binding.keys.map(\.name).joined(separator: " ")
            return TextWidth.fit(keys, to: keyWidth) + "  " + binding.label.text(in: language) + (binding.destructive ? " (!)" : "")
        }
    }
}
