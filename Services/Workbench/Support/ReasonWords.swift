import Foundation
import WebPages

/// The timeline's "why" in Chinese: the services write their own moves' reasons in English
/// (`registered via visit`, `answer: resolved`); the common ones are read out in the catalogue's
/// words. A person's own words (a note, a withdrawal's reason) and unknown phrasings stay as written.
struct ReasonWords: Sendable {
    let catalogue: MessageCatalogue
    let time: TimeWords

    func words(_ reason: String, _ language: Language, names: ReferenceCatalogue?) -> String {
        guard language == .chinese else { return reason }
        func term(_ group: String, _ code: Substring) -> String {
            catalogue.term(language, group, String(code))
        }
        func name(_ code: Substring) -> String { names?.label(String(code), language) ?? String(code) }
        if let match = reason.wholeMatch(of: /registered via (\w+)/) {
            return "经\(term("channel", match.1))受理"
        }
        if let match = reason.wholeMatch(of: /work order received \(round (\d+)\), answer due (\S+)/) {
            return "第\(match.1)轮工单已签收，答复期限\(time.dateTime(String(match.2), language))"
        }
        if let match = reason.wholeMatch(of: /answer: (\w+)/) {
            return "答复：\(term("outcome", match.1))"
        }
        if let match = reason.wholeMatch(of: /on the petitioner's word, via (\w+): (\w+)/) {
            return "据信访人意见（\(term("sign_off_channel", match.1))）：\(term("sign_off", match.2))"
        }
        if let match = reason.wholeMatch(of: /on the petitioner's application, panel of (\d+): (.+)/) {
            return "信访人申请评审，评审组\(match.1)人：\(match.2)"
        }
        if let match = reason.wholeMatch(of: /answer (upheld|to be revised) \((\d+) of (\d+) uphold\)/) {
            return "\(match.1 == "upheld" ? "维持原答复" : "重新办理")（\(match.3)名专家中\(match.2)名维持）"
        }
        if let match = reason.wholeMatch(of: /visit by (\w+): (\w+)/) {
            return "回访（\(term("visit_method", match.1))）：\(term("satisfaction", match.2))"
        }
        if let match = reason.wholeMatch(of: /(rule|dispatcher) (.+?) → (\w+), (\w+), lead (\S+)/) {
            let source = match.1 == "rule" ? "按分流规则（\(match.2)）" : "人工分流"
            return "\(source)：\(term("mode", match.3))，\(term("tier", match.4))，主办\(name(match.5))"
        }
        if let match = reason.wholeMatch(of: /the petitioner contests the acceptance recorded by (.+)/) {
            return "信访人对代为签收（\(match.1)）提出异议"
        }
        if let match = reason.wholeMatch(of: /on the petitioner's word: (.+)/) {
            return "据信访人意见：\(match.1)"
        }
        return reason
    }
}
