import AgingPolicy
import FIFOReinsertionPolicy
import LFUPolicy
import MRUPolicy
import NFUPolicy
import NRUPolicy
import OSTEPClockPolicy
import OSTEPRandPolicy
import SecondChancePolicy
import UnOPTPolicy
import VMCore
import WSClockPolicy
import WorkingSetPolicy

extension PolicyCatalogue {
    /// Textbook and teaching-simulator replacement policies (one module each under `Policies/Replacement/`).
    static let textbook: [ReplacementPolicyEntry] =
        FIFOReinsertionPolicyModule.entries
        + LFUPolicyModule.entries
        + MRUPolicyModule.entries
        + SecondChancePolicyModule.entries
        + UnOPTPolicyModule.entries
        + OSTEPRandPolicyModule.entries
        + OSTEPClockPolicyModule.entries
        + AgingPolicyModule.entries
        + NFUPolicyModule.entries
        + NRUPolicyModule.entries
        + WSClockPolicyModule.entries
        + WorkingSetPolicyModule.entries
}
