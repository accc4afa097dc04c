/// What ncod-tui refuses before asking the master.
enum TUIInputError: Error {
    /// The end typed for keeping the devices is neither a duration nor a clock time.
    case badEnd(String)
    /// The device is not held by the caller any more.
    case notHeld
}
