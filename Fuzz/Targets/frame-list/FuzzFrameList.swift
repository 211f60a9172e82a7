import FuzzSupport
import VMExperiment

// Frame lists and ranges (`--frames 8,16,32`, `4...64`, `4...64:4`). Accepted lists are non-empty, every size is
// at least 1, parsing is deterministic, and the list written back with commas parses to the same sizes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrameList(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = inputText(data, size)
    let sizes: [Int]
    do {
        sizes = try FrameList.parse(text)
    } catch {
        require(!error.message.isEmpty, "an error without a message")
        require((try? FrameList.parse(text)) == nil, "a list failed once and parsed the second time")
        return 0
    }
    require(!sizes.isEmpty, "an accepted list without sizes")
    require(sizes.allSatisfy { $0 >= 1 }, "a size below 1 in \(sizes)")
    require((try? FrameList.parse(text)) == sizes, "two parses of one list differ")
    let echo = sizes.map(String.init).joined(separator: ",")
    require((try? FrameList.parse(echo)) == sizes, "the sizes written back parse differently")
    return 0
}
