import Foundation
import NcodCore

/// A device as `ncod devices --json` and the other commands' JSON show it: a flat, stable shape for scripts
/// (docs/schemas/ncod-device.schema.json).
public struct CLIDevice: Codable, Sendable, Equatable {
    /// Where a device stands for the caller.
    public enum State: String, Codable, Sendable {
        /// Free to take.
        case free
        /// Held by the caller.
        case mine
        /// Held by someone else.
        case held
        /// Free, but kept for the one whose turn it is (someone else).
        case reserved
        /// Kept for the caller: their turn.
        case yourTurn = "your-turn"
        /// Unplugged, or its slave is offline.
        case offline
    }

    /// The device's id.
    public var id: UUID
    /// Its VirtualHere address (`box1.112`), the name `ncod take` accepts.
    public var address: String
    /// Its nickname, else its product name, else its VID:PID.
    public var name: String
    /// `vvvv:pppp`.
    public var vidPid: String
    /// Its slave.
    public var slave: String
    /// The administrator's tags.
    public var tags: [String]
    /// Where it stands for the caller.
    public var state: State
    /// Who holds it.
    public var heldBy: String?
    /// Until when, when the lease has an end.
    public var heldUntil: Date?
    /// Whose turn it is.
    public var reservedFor: String?
    /// Until when it is kept for them.
    public var reservedUntil: Date?
    /// How many wait for it.
    public var waiting: Int
    /// The caller's place in its line.
    public var myPlace: Int?

    /// The row of `view`.
    public init(_ view: DeviceView) {
        id = view.id
        address = view.device.vhAddress
        name = view.device.nickname ?? view.device.product ?? view.device.vidPid
        vidPid = view.device.vidPid
        slave = view.slaveName
        tags = view.device.tags
        state =
            if !view.online { .offline } else if view.heldByMe { .mine } else if view.heldBy != nil { .held } else if view.reservedForMe {
                .yourTurn
            } else if view.reservedFor != nil { .reserved } else { .free }
        heldBy = view.heldBy
        heldUntil = view.heldUntil
        reservedFor = view.reservedFor
        reservedUntil = view.reservedUntil
        waiting = view.waiting
        myPlace = view.myPlace
    }
}
