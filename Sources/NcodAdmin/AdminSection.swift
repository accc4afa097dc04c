import NcodCore
import NcodTerminal

/// One section of the console: its keys, what they do, and how it is drawn. The reducer, the renderer and the keymaps only dispatch
/// to the section up; a new section is a new file conforming to this, plus its line in ``AdminSections/all`` and its ``AdminState/Tab``.
protocol AdminSection {
    /// Its tab.
    static var tab: AdminState.Tab { get }
    /// Its name in the tab bar.
    static var title: Message { get }
    /// What its tab shows beside the name (a count waiting), if anything.
    static func badge(_ state: AdminState) -> String?
    /// Its own keys for what is on screen now (the navigation keys are added to every section).
    static func bindings(_ state: AdminState) -> [KeyBinding<AdminKeyAction>]
    /// What one of its keys does.
    static func act(_ command: AdminKeyAction, _ state: inout AdminState) -> [AdminEffect]
    /// Draws it between `top` and `bottom`.
    static func render(_ state: AdminState, _ buffer: inout ScreenBuffer, top: Int, bottom: Int)
}

extension AdminSection {
    /// No badge.
    static func badge(_ state: AdminState) -> String? { nil }
}

/// The console's sections, in tab order.
enum AdminSections {
    /// Every section.
    static let all: [any AdminSection.Type] = [
        DashboardSection.self, SlavesSection.self, PeopleSection.self, OrganisationSection.self, LeasesSection.self, AuditSection.self,
    ]

    /// The section of `tab`.
    static func section(_ tab: AdminState.Tab) -> any AdminSection.Type {
        all.first { $0.tab == tab } ?? DashboardSection.self
    }
}
