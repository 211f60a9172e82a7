import FuzzSupport
import VMExperiment

// Frame lists and ranges (`--frames 8,16,32`, `4...64`, `4...64:4`, `64...65536:x2`, `5%`). Accepted lists are
// non-empty, every absolute size is at least 1, parsing is deterministic, the list written back with commas parses
// to the same sizes, and resolving it for a workload gives distinct sizes of at least 1 frame.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrameList(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = inputText(data, size)
    let sizes: FrameSizes
    do {
        sizes = try FrameList.parseSizes(text)
    } catch {
        require(!error.message.isEmpty, "an error without a message")
        require((try? FrameList.parseSizes(text)) == nil, "a list failed once and parsed the second time")
        return 0
    }
    require(!sizes.items.isEmpty, "an accepted list without sizes")
    require(sizes.items.allSatisfy { ($0.absoluteFrames ?? 1) >= 1 }, "a size below 1 in \(sizes)")
    require((try? FrameList.parseSizes(text)) == sizes, "two parses of one list differ")
    require((try? FrameList.parseSizes(sizes.description)) == sizes, "the sizes written back parse differently")
    for distinct in [0, 1, 7, 1 << 20] {
        guard let resolution = try? sizes.resolve(distinctPages: distinct, workload: "w") else { continue }
        require(!resolution.sizes.isEmpty && resolution.sizes.allSatisfy { $0 >= 1 }, "resolved below 1 frame")
        require(Set(resolution.sizes).count == resolution.sizes.count, "duplicates after resolving")
    }
    return 0
}
