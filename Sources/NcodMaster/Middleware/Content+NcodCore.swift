import NcodCore
import Vapor

// The API's bodies are NcodCore types (shared with the clients); here they become Vapor content.
extension UserProfile: Content {}
extension TokenResponse: Content {}
extension OrgUnitNode: Content {}
extension OrgUnit: Content {}
extension BindingView: Content {}
extension PasswordReset.Result: Content {}
extension Device: Content {}
extension HealthReport: Content {}
extension DeviceView: Content {}
extension SlaveView: Content {}
extension EnrolResponse: Content {}
extension SlaveRegistration.Accepted: Content {}
extension ReportReceipt: Content {}
extension EnrolmentTokenIssued: Content {}
extension LeaseView: Content {}
extension LeaseGrant: Content {}
extension AuthorizationRequest.Decision: Content {}
extension KnownLease: Content {}
extension AdminOverview: Content {}
extension AuditPage: Content {}
extension HeartbeatReceipt: Content {}
extension HoldRequest: Content {}
extension WaitRequest: Content {}
extension WaitView: Content {}
extension QueueView: Content {}
extension UsageReport: Content {}
extension VisibilityChange: Content {}
extension JoinRequest: Content {}
extension JoinDecision: Content {}
extension LoginChallenge: Content {}
extension StandingRequest: Content {}
extension Standing: Content {}
