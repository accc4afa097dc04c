import Foundation

/// What a load run simulates, against which master.
public struct LoadPlan: Sendable, Codable {
    /// The master's base URL.
    public var master: String
    /// The site CA the master's certificate is signed by.
    public var caFile: String
    /// The site's enrolment secret, which enrols the simulated slaves.
    public var enrolmentSecret: String
    /// An administrator, who approves the simulated people and their computers.
    public var adminUsername: String
    /// The administrator's password.
    public var adminPassword: String
    /// Simulated slaves.
    public var slaves: Int
    /// Devices on each slave.
    public var devicesPerSlave: Int
    /// Simulated terminal clients, each taking, renewing and releasing leases in a loop, and following the event stream.
    public var clients: Int
    /// Event streams held open in all (at least one per client); the extra ones only listen.
    public var streams: Int
    /// Seconds of measured load, after the set-up.
    public var duration: Double
    /// Seconds between one slave's reports; 0 sends the next report as soon as the last is answered.
    public var reportInterval: Double
    /// The chance, at each report, that a slave's last device is unplugged or plugged back in.
    public var churn: Double
    /// Seconds a client waits between two lease rounds.
    public var thinkTime: Double
    /// Reports in flight at once at most (all slaves share them), so that a closed loop measures the master, not the harness.
    public var concurrency: Int
    /// The master's process id, to read its memory at the end (optional).
    public var masterPID: Int32?
    /// The chance that any one report or heartbeat is lost on the way (not sent), as on a lossy network.
    public var loss: Double
    /// Slaves that stop sending anything a third of the way into the measured time, as if killed; each is timed until an
    /// event stream shows it offline (`kill→offline`).
    public var kills: Int
    /// The people only list the devices, taking no leases: the device list alone, as when nothing changes.
    public var listsOnly: Bool
    /// With `listsOnly`: the lists are asked for gzip-compressed, as ncod-tui and ncod-admin ask (timed to the last compressed byte).
    public var gzip = false
    /// Heartbeats go as requests, one each, as before the slaves' link (by default each slave beats on its link, as ncod-slaved does).
    public var heartbeatRequests = false
    /// Every report is a full report, as before unchanged reports went down the link (by default a slave whose devices did not
    /// change since its last full report sends an unchanged report on its link, as ncod-slaved does; with `heartbeatRequests` or a
    /// report interval of 0, every report is full).
    public var fullReports = false
    /// The people list the devices once and take from that list from then on (at 160,000 devices a list is 60 MB; ncod-tui keeps
    /// its list from the event stream).
    public var listOnce = false
    /// Seconds the slaves only heartbeat between the set-up and the measured window, so that what the set-up left the master to
    /// do (sealing the enrolments' and registrations' audit records) is done before the master's CPU is counted.
    public var settle = 0.0
    /// The master's metrics token: with it, the master's own timing of the takes in the window is read from its metrics.
    public var metricsToken: String?

    /// A plan; see each property.
    public init(
        master: String, caFile: String, enrolmentSecret: String, adminUsername: String, adminPassword: String, slaves: Int,
        devicesPerSlave: Int, clients: Int, streams: Int, duration: Double, reportInterval: Double, churn: Double, thinkTime: Double,
        concurrency: Int, masterPID: Int32?, loss: Double = 0, kills: Int = 0, listsOnly: Bool = false
    ) {
        self.master = master.hasSuffix("/") ? String(master.dropLast()) : master
        self.caFile = caFile
        self.enrolmentSecret = enrolmentSecret
        self.adminUsername = adminUsername
        self.adminPassword = adminPassword
        self.slaves = slaves
        self.devicesPerSlave = devicesPerSlave
        self.clients = clients
        self.streams = max(streams, clients)
        self.duration = duration
        self.reportInterval = reportInterval
        self.churn = churn
        self.thinkTime = thinkTime
        self.concurrency = concurrency
        self.masterPID = masterPID
        self.loss = loss
        self.kills = min(kills, slaves)
        self.listsOnly = listsOnly
    }
}
