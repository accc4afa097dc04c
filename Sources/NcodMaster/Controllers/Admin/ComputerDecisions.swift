import Foundation
import NcodCore
import NcodStore
import Vapor

/// The one home of an administrator's decisions on computers, for the bindings endpoints and the join requests alike.
enum ComputerDecisions {
    /// Approves a computer's bindings: a pending one becomes approved with the key it asked with; an approved one presenting a new
    /// key takes that key (the old one no longer logs in).
    static func approve(_ bindings: [MachineBinding], of user: User, reason: String?, req: Request) async throws -> [MachineBinding] {
        let store = Store(database: req.db)
        var changed: [MachineBinding] = []
        for var binding in bindings {
            var details = ["mac": binding.mac.description, "reason": reason ?? ""]
            if let key = binding.requestedKey {
                details["key"] = ComputerKey.fingerprint(key)
                details["replaces"] = binding.publicKey.map(ComputerKey.fingerprint) ?? ""
                binding.publicKey = key
                binding.requestedKey = nil
            } else if let key = binding.publicKey {
                details["key"] = ComputerKey.fingerprint(key)
            }
            binding.status = .approved
            binding.reason = reason
            changed.append(try await store.bindings.update(binding))
            try await req.audit("binding.approved", subject: "user:\(user.username)", details: details)
        }
        await req.publishAccountChange("binding_approved", userID: user.id)
        return changed
    }

    /// Refuses a computer's bindings with `reason`. A pending binding is revoked; an approved one presenting a new key keeps its approved
    /// key and drops the new one, unless `revokeApproved`, which revokes it and ends every lease taken from it.
    static func refuse(_ bindings: [MachineBinding], of user: User, reason: String, revokeApproved: Bool, req: Request) async throws
        -> [MachineBinding]
    {
        let store = Store(database: req.db)
        var changed: [MachineBinding] = []
        var revoked: [UUID] = []
        for var binding in bindings {
            var details = ["mac": binding.mac.description, "reason": reason]
            details["key"] = (binding.requestedKey ?? binding.publicKey).map(ComputerKey.fingerprint)
            if binding.status == .approved, !revokeApproved {
                guard binding.requestedKey != nil else { continue }
                binding.requestedKey = nil
                changed.append(try await store.bindings.update(binding))
                try await req.audit("binding.key_refused", subject: "user:\(user.username)", details: details)
                continue
            }
            if binding.status == .approved { revoked.append(binding.id) }
            binding.status = .revoked
            binding.requestedKey = nil
            binding.reason = reason
            changed.append(try await store.bindings.update(binding))
            try await req.audit("binding.revoked", subject: "user:\(user.username)", details: details)
        }
        await req.publishAccountChange("binding_revoked", userID: user.id)
        if !revoked.isEmpty {
            // Devices connected from the revoked computer are freed at once.
            let now = req.ncod.now()
            let actor = try req.principal.auditName
            let revoked = Set(revoked)
            let events = try await store.transaction { store in
                let fromThere = try await store.leases.active(userID: user.id).filter { $0.bindingID.map(revoked.contains) ?? false }
                return try await LeaseEnding.endAll(fromThere, reason: .computerRevoked, actor: actor, why: reason, store: store, now: now)
            }
            await req.ncod.events.publish(events)
        }
        return changed
    }
}
