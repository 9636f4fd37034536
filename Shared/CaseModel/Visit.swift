/// How the return visit (回访) was made.
public enum VisitMethod: String, ClosedSet {
    case phone
    case sms
    case faceToFace = "face_to_face"
}

/// The petitioner's satisfaction at the return visit.
public enum Satisfaction: String, ClosedSet {
    case satisfied
    case basicallySatisfied = "basically_satisfied"
    /// Sends the case back for rectification (整改).
    case unsatisfied
}
