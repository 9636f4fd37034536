import CaseStore
import Reliability

extension IdentityKey {
    /// This key's AES-GCM seal, for the backbone.
    public var personalDataSeal: PersonalDataSeal { PersonalDataSeal(seal: seal, open: open) }
}
