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
