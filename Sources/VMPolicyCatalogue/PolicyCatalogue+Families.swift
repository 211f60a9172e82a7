import VMCore

extension PolicyCatalogue {
    /// The replacement policies of the kernel family: the Linux designs (the rest of the research list is research).
    static let kernelNames: Set<String> = ["linux-2list", "mglru"]

    /// The family of a replacement policy, the panel it gets when a chart draws small multiples: `textbook` (FIFO,
    /// LRU, OPT, Random, Clock and the textbook and teaching-simulator policies), `research`, `kernel` (Linux's
    /// two lists and MGLRU) or `added` (added with `vmlab new-policy`, plugins, and any name not built in).
    /// `label` may carry parameters (`random:seed=3`); only the name before `:` counts.
    public static func family(ofReplacement label: String) -> String {
        let name = String(label.prefix { $0 != ":" })
        if kernelNames.contains(name) { return "kernel" }
        if research.contains(where: { $0.info.name == name }) { return "research" }
        if (textbook + firstFive).contains(where: { $0.info.name == name }) { return "textbook" }
        return "added"
    }
}
