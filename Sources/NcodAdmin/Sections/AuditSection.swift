import Foundation
import NcodClient
import NcodCore
import NcodTerminal

extension AdminState.Tab {
    /// The audit log.
    public static let audit = Self("audit")
}

extension AdminState.List {
    /// The audit page shown.
    public static let audit = Self(.audit, "events")
}

/// The audit log section: a page at a time, filtered by person, device, slave, action and time.
enum AuditSection: AdminSection {
    /// Its tab.
    static let tab = AdminState.Tab.audit
    /// Its name in the tab bar.
    static let title = AdminText.tabAudit

    /// Filters, pages, details.
    static func bindings(_ state: AdminState) -> [KeyBinding<AdminKeyAction>] {
        [
            KeyBinding([.enter], TerminalText.keyDetails, .open, inFooter: false),
            KeyBinding([.character("p")], AdminText.filterPerson, .filter(.person)),
            KeyBinding([.character("v")], AdminText.filterDevice, .filter(.device)),
            KeyBinding([.character("s")], AdminText.filterSlave, .filter(.slave)),
            KeyBinding([.character("c")], AdminText.filterAction, .filter(.action)),
            KeyBinding([.character("t")], AdminText.filterSince, .filter(.since), inFooter: false),
            KeyBinding([.character("u")], AdminText.filterUntil, .filter(.until), inFooter: false),
            KeyBinding([.character("x")], AdminText.keyClearFilters, .clearFilters),
            KeyBinding([.character("n")], AdminText.keyNextPage, .nextPage),
            KeyBinding([.character("b")], AdminText.keyPreviousPage, .previousPage),
        ]
    }

    /// The page.
    static func activeList(_ state: AdminState) -> AdminState.List? { .audit }

    /// The events of the page shown.
    static func ids(_ list: AdminState.List, _ state: AdminState) -> [UUID] { state.audit?.events.map(\.id) ?? [] }

    /// What a key does to the filters, the page or the selected event.
    static func act(_ command: AdminKeyAction, _ state: inout AdminState) -> [AdminEffect] {
        switch command {
        case .filter(let field):
            AdminKit.ask(
                AdminIntent("auditFilter.\(field.rawValue)") { answer, state in setFilter(field, answer.isEmpty ? nil : answer, &state) },
                AdminText.filterTitle(field), [AdminText.filterHint(field)], text: filterText(field, state), required: false, &state)
        case .open:
            guard let events = state.audit?.events, !events.isEmpty else { return [] }
            let event = events[state.selected(.audit)]
            state.modal = .notice(
                title: event.action,
                lines: [AdminFormat.time(event.at, state.timeZone, seconds: true), event.actor + " → " + event.subject, ""]
                    + event.details.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" })
        case .clearFilters:
            return showAudit(AuditQuery(limit: AdminState.auditPageSize), &state)
        case .nextPage:
            guard let page = state.audit, state.auditQuery.offset + state.auditQuery.limit < page.total else { return [] }
            var query = state.auditQuery
            query.offset += query.limit
            return showAudit(query, &state)
        case .previousPage:
            guard state.auditQuery.offset > 0 else { return [] }
            var query = state.auditQuery
            query.offset = max(0, query.offset - query.limit)
            return showAudit(query, &state)
        default:
            break
        }
        return []
    }

    private static func setFilter(_ field: AuditField, _ value: String?, _ state: inout AdminState) -> [AdminEffect] {
        var query = state.auditQuery
        switch field {
        case .person: query.person = value
        case .device: query.device = value
        case .slave: query.slave = value
        case .action: query.action = value
        case .since, .until:
            var time: Date?
            if let value {
                guard let parsed = AdminFormat.parseTime(value, state.timeZone) else {
                    state.status = StatusLine(AdminText.badTime(value).text(in: state.language), isError: true)
                    return []
                }
                time = parsed
            }
            if field == .since { query.since = time } else { query.until = time }
        }
        query.offset = 0
        return showAudit(query, &state)
    }

    /// Asks for another audit page; rows of the old one never show under the new filters meanwhile.
    static func showAudit(_ query: AuditQuery, _ state: inout AdminState) -> [AdminEffect] {
        state.auditQuery = query
        state.audit = nil
        state.select(.audit, index: 0)
        return [.loadAudit(query)]
    }

    private static func filterText(_ field: AuditField, _ state: AdminState) -> String {
        let query = state.auditQuery
        switch field {
        case .person: return query.person ?? ""
        case .device: return query.device ?? ""
        case .slave: return query.slave ?? ""
        case .action: return query.action ?? ""
        case .since: return query.since.map { AdminFormat.time($0, state.timeZone) } ?? ""
        case .until: return query.until.map { AdminFormat.time($0, state.timeZone) } ?? ""
        }
    }

    /// The filters in force, then the page.
    static func render(_ state: AdminState, _ buffer: inout ScreenBuffer, top: Int, bottom: Int) {
        let language = state.language
        let query = state.auditQuery
        var filters: [String] = []
        let texts: [(AuditField, String?)] = [
            (.person, query.person), (.device, query.device), (.slave, query.slave), (.action, query.action),
            (.since, query.since.map { AdminFormat.time($0, state.timeZone) }), (.until, query.until.map { AdminFormat.time($0, state.timeZone) }),
        ]
        for (field, value) in texts { if let value { filters.append(AdminText.filterName(field).text(in: language) + "=" + value) } }
        let filterLine =
            AdminText.filters.text(in: language) + ": " + (filters.isEmpty ? AdminText.noFilters.text(in: language) : filters.joined(separator: "  "))
        AdminKit.heading(AdminText.tabAudit.text(in: language), &buffer, row: top)
        buffer.put(filterLine, row: top, column: TextWidth.columns(AdminText.tabAudit.text(in: language)) + 4, style: Style(color: .cyan))
        let events = state.audit?.events ?? []
        if let page = state.audit, !events.isEmpty {
            let text = AdminText.page(page.offset + 1, page.offset + events.count, page.total).text(in: language)
            buffer.put(text, row: bottom - 1, column: max(0, buffer.columns - TextWidth.columns(text) - 1), style: .faint)
        }
        let wide = buffer.columns >= 110
        AdminKit.table(
            [
                (AdminText.time, wide ? 19 : 16), (AdminText.actor, 12), (AdminText.action, 18), (AdminText.subject, wide ? 24 : 20),
                (AdminText.details, 0),
            ],
            events.map { event in
                [AdminFormat.time(event.at, state.timeZone, seconds: wide), event.actor, event.action, event.subject, detailText(event)]
            }, selected: events.isEmpty ? nil : state.selected(.audit), language, &buffer, top: top + 1, bottom: bottom - 1,
            empty: state.audit == nil ? AdminText.loading : AdminText.noEvents
        )
    }

    /// An audit event's details as `key=value` pairs, sorted by key.
    static func detailText(_ event: AuditEvent) -> String {
        event.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
}
