import Foundation

/// The loop every terminal program runs: one thread owns the terminal (draw, read a key, apply actions); effects run as
/// tasks elsewhere and post their answers to ``inbox``. The screen is redrawn only after something changed.
public final class ScreenLoop<State: Sendable, Action: Sendable>: @unchecked Sendable {
    /// Where tasks post their answers.
    public let inbox = Inbox<Action>()
    let terminal: any Terminal

    /// A loop drawing on `terminal`.
    public init(terminal: any Terminal) { self.terminal = terminal }

    /// Runs until `finished` says so, or the terminal is gone: draws `render(state, rows, columns)`, turns keys into actions with
    /// `key`, applies every action with `step`; returns the last state after drawing it once more. Call from a thread that may
    /// block.
    public func run(
        _ initial: State, finished: (State) -> Bool, render: (State, Int, Int) -> ScreenBuffer, key: (Key) -> Action,
        step: (inout State, Action) -> Void
    ) -> State {
        var state = initial
        var dirty = true
        var size = terminal.size
        while !finished(state) && !terminal.hungUp {
            if terminal.size != size {
                size = terminal.size
                dirty = true
            }
            if dirty {
                terminal.draw(render(state, size.rows, size.columns))
                dirty = false
            }
            var actions = inbox.drain()
            if let pressed = terminal.readKey(timeout: 50) { actions.append(key(pressed)) }
            for action in actions {
                step(&state, action)
                dirty = true
            }
        }
        if !terminal.hungUp { terminal.draw(render(state, size.rows, size.columns)) }
        return state
    }
}
