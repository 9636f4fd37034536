import Reliability

/// The names of OneDoor's exchanges and queues: part of the contract with
/// integrators and departments (docs/messaging.md).
public enum Exchanges {
    /// Topic exchange for case lifecycle events (`case.registered`, …).
    public static let events = "onedoor.events"
    /// Direct exchange for work orders; the routing key is the department code.
    public static let departments = "onedoor.departments"
    /// Topic exchange where a department's own system reports back (handling steps,
    /// answers, sign-offs); the routing key is `<departmentCode>.<action>`.
    public static let departmentActions = "onedoor.department-actions"
    /// Topic exchange where integrators publish grid events (routing keys `grid.#`).
    public static let grid = "onedoor.grid"
    /// Fanout exchange in front of the dead-letter queue.
    public static let deadLetter = DeadLetter.exchange
}

public enum Queues {
    public static let routing = "routing.cases"
    public static let review = "review.cases"
    public static let followup = "followup.cases"
    public static let deadLetters = "onedoor.dead-letters"
    public static let departmentActions = "department.actions"
    public static let gridEvents = "intake.grid-events"
    /// 通知: what the notifier tells petitioners about (case steps, visits due, code requests).
    public static let notifier = "notifier.events"
    /// 搁置: after a restore, what the broker held from after the restore point (no consumer).
    public static let setAside = "onedoor.set-aside"

    /// 职能部门: the quorum queue of one department's work orders.
    public static func department(_ code: String) -> String { "dept.\(code)" }

    /// The department whose work-order queue this is, or nil for any other queue.
    public static func departmentCode(ofQueue name: String) -> String? {
        name.hasPrefix("dept.") ? String(name.dropFirst("dept.".count)) : nil
    }
}

/// Routing keys and AMQP `type`s of the messages.
public enum MessageTypes {
    public static let caseRegistered = "case.registered"
    public static let caseDisputed = "case.disputed"
    public static let caseFollowUpDue = "case.follow-up-due"
    public static let caseRedispatch = "case.redispatch"
    /// `case.step.<action>`: a timeline row (CaseStepped).
    public static let caseStep = "case.step"
    public static let petitionerCodeRequested = "petitioner.code-requested"
    public static let workOrder = "work-order"
}
