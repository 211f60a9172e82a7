/// Per-frame buffers that grow: for policies that conform to ``GrowableReplacementPolicy``.
public enum FrameBuffer {
    /// A buffer of `newCount` elements: the first `count` moved from `buffer` (which is deallocated), the rest set
    /// to `filling`. O(newCount).
    public static func grow<Element>(
        _ buffer: UnsafeMutablePointer<Element>, from count: Int, to newCount: Int, filling: Element
    ) -> UnsafeMutablePointer<Element> {
        precondition(newCount >= count)
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCount)
        grown.moveInitialize(from: buffer, count: count)
        (grown + count).initialize(repeating: filling, count: newCount - count)
        buffer.deallocate()
        return grown
    }
}
