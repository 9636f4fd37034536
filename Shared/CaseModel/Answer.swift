/// 结果反馈: how the department's written answer disposes of the demand.
public enum AnswerOutcome: String, ClosedSet {
    case resolved
    case partlyResolved = "partly_resolved"
    /// Not supported; the reasons say why.
    case notSupported = "not_supported"
    /// 诉讼引导: the matter belongs in court; the petitioner is guided there.
    case judicialChannel = "judicial_channel"
}

/// The four kinds of mediation the centres use.
public enum Mediation: String, ClosedSet {
    /// 人民调解
    case people
    /// 行政调解
    case administrative
    /// 司法调解
    case judicial
    /// 行业性专业性调解
    case industry
}

/// The petitioner's signature on the answer: accepted, or disputed (which opens the review window).
public enum SignOffDecision: String, ClosedSet {
    case accepted
    case disputed
}

/// How the petitioner signed.
public enum SignOffChannel: String, ClosedSet {
    case window
    case phone
    case sms
    case online
    case inPerson = "in_person"
}
