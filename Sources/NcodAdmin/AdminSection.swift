import Foundation
import NcodCore
import NcodTerminal

/// One section of the console: its keys, what they do, and how it is drawn. The reducer, the renderer and the keymaps only dispatch
/// to the section up. A new section is a new file (conforming to this, declaring its ``AdminState/Tab``, its lists and its commands)
/// plus its line in ``AdminSections/all``; what it remembers between keys is a field of ``AdminState``, the one value that is drawn.
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
    /// The list the arrows move in now, if any.
    static func activeList(_ state: AdminState) -> AdminState.List?
    /// The items of one of its lists, in the order shown, by identifier.
    static func ids(_ list: AdminState.List, _ state: AdminState) -> [UUID]
}

extension AdminSection {
    /// No badge.
    static func badge(_ state: AdminState) -> String? { nil }
    /// No list.
    static func activeList(_ state: AdminState) -> AdminState.List? { nil }
    /// No items.
    static func ids(_ list: AdminState.List, _ state: AdminState) -> [UUID] { [] }
}

/// The console's sections, in tab order.
enum AdminSections {
    /// Every section.
    static let all: [any AdminSection.Type] = [
        DashboardSection.self, SlavesSection.self, PeopleSection.self, OrganisationSection.self, LeasesSection.self, AuditSection.self,
        ReportsSection.self,
    ]

    /// The section of `tab`.
    static func section(_ tab: AdminState.Tab) -> any AdminSection.Type {
        all.first { $0.tab == tab } ?? DashboardSection.self
    }
}
