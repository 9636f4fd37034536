/// How a petition reached the centre.
public enum Channel: String, ClosedSet {
    /// 来访: walk-in at a reception window.
    case visit
    /// 来电: by telephone.
    case phone
    /// 上级转办: referred from a higher level.
    case referral
    /// 网格上报: reported by a grid worker.
    case grid
    /// 网上: online.
    case online
}
