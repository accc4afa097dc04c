import Foundation
import NcodCore
import NcodTerminal

/// What happens to ncod-admin: a key, the answer to an effect, news from the master, the clock.
public enum AdminAction: Sendable {
    /// A key press.
    case key(Key)
    /// Login answered: the administrator.
    case loggedIn(UserProfile)
    /// Something the master refused or could not do, in words for the administrator.
    case failed(String)
    /// Everything but the audit log arrived.
    case loaded(AdminSnapshot)
    /// A page of the audit log arrived, for the query it answers.
    case auditLoaded(AuditQuery, AuditPage)
    /// A usage report arrived, for the request it answers.
    case reportLoaded(ReportRequest, UsageReport)
    /// A command went through.
    case done(AdminCommand, AdminOutcome)
    /// The master stopped answering, or answers again.
    case connection(lost: Bool)
    /// Something changed on the master; reload.
    case changed
    /// The master no longer lets this person use the console (demoted, disabled, computer refused).
    case refused(AdminRefusal)
    /// A second passed (ages on screen move on).
    case tick(Date)
}

/// What a command gave back beyond "done".
public enum AdminOutcome: Equatable, Sendable {
    /// Nothing more.
    case done
    /// An enrolment token and the command to run on the slave.
    case token(EnrolmentTokenIssued)
    /// A temporary password to hand to the person.
    case temporaryPassword(String)
}

/// The I/O the reducer asks for; the runtime carries it out and answers with actions.
public enum AdminEffect: Equatable, Sendable {
    /// Log in as an administrator console.
    case login(username: String, password: String)
    /// Fetch everything but the audit log.
    case reload
    /// Fetch a page of the audit log.
    case loadAudit(AuditQuery)
    /// Fetch a usage report.
    case loadReport(ReportRequest)
    /// Start following the master's event stream.
    case followEvents
    /// Change something on the master.
    case run(AdminCommand)
    /// End the program.
    case quit
}
