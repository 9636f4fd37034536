/// 主办 or 协办: the lead answers the petitioner; a co-handler reports to the lead.
public enum WorkOrderRole: String, ClosedSet {
    case lead
    case co
}
