import ARCPolicy
import CARPolicy
import ClockProPolicy
import LIRSPolicy
import LRUKPolicy
import Linux2ListPolicy
import MGLRUPolicy
import S3FIFOPolicy
import SIEVEPolicy
import TwoQPolicy
import VMCore

extension PolicyCatalogue {
    /// Research and kernel replacement policies (one module each under `Policies/Replacement/`).
    static let research: [ReplacementPolicyEntry] =
        SIEVEPolicyModule.entries
        + ARCPolicyModule.entries
        + TwoQPolicyModule.entries
        + S3FIFOPolicyModule.entries
        + LRUKPolicyModule.entries
        + LIRSPolicyModule.entries
        + Linux2ListPolicyModule.entries
        + CARPolicyModule.entries
        + ClockProPolicyModule.entries
        + MGLRUPolicyModule.entries
}
