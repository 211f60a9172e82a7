import Dispatch
import Foundation
import VMCore
import VMTrace

/// Reads and decodes a trace on a second thread while the machine simulates on the calling thread, so that
/// decompression and parsing overlap with simulation (a read-ahead pipeline).
///
/// Batches go through a ring of `slotCount` buffers. The producer fills a slot, the consumer simulates it and
/// hands it back; semaphores order every hand-over, so the consumer sees each batch complete. Accesses reach the
/// machine in trace order, so results are identical to reading on one thread. The reader is touched only by the
/// producer thread once the pipeline starts.
final class BatchPipeline: @unchecked Sendable {
    static let slotCount = 4

    private let reader: TraceReader
    private let batchSize: Int
    private let wantsNextUse: Bool
    private let accessSlots: [UnsafeMutableBufferPointer<Access>]
    private let nextUseSlots: [UnsafeMutableBufferPointer<Int>]
    /// Accesses in each slot; 0 marks the end of the trace (or an error).
    private let counts: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) private var failure: TraceError?
    @exclusivity(unchecked) private var cancelled = false
    private let filled = DispatchSemaphore(value: 0)
    private let empty = DispatchSemaphore(value: BatchPipeline.slotCount)
    private let finished = DispatchSemaphore(value: 0)
    @exclusivity(unchecked) private var consumed = 0

    init(reader: TraceReader, batchSize: Int, wantsNextUse: Bool) {
        self.reader = reader
        self.batchSize = batchSize
        self.wantsNextUse = wantsNextUse
        accessSlots = (0..<Self.slotCount).map { _ in .allocate(capacity: batchSize) }
        nextUseSlots = (0..<Self.slotCount).map { _ in .allocate(capacity: wantsNextUse ? batchSize : 1) }
        counts = .allocate(capacity: Self.slotCount)
        counts.initialize(repeating: 0, count: Self.slotCount)
    }

    deinit {
        accessSlots.forEach { $0.deallocate() }
        nextUseSlots.forEach { $0.deallocate() }
        counts.deallocate()
    }

    /// Starts the producer thread.
    func start() {
        let thread = Thread { [self] in produce() }
        thread.name = "vmlab trace reader"
        thread.start()
    }

    private func produce() {
        var produced = 0
        while true {
            empty.wait()
            let slot = produced % Self.slotCount
            var count = 0
            if !cancelled {
                do {
                    count = try reader.read(
                        into: accessSlots[slot], nextUse: wantsNextUse ? nextUseSlots[slot] : nil)
                } catch {
                    failure = error
                }
            }
            counts[slot] = count
            produced += 1
            filled.signal()
            if count == 0 { break }
        }
        finished.signal()
    }

    /// Calls `body` with every batch in order; returns after the last one. Rethrows the reader's error, or
    /// `body`'s (the producer is then stopped before this returns).
    func forEachBatch(
        _ body: (UnsafeBufferPointer<Access>, UnsafeBufferPointer<Int>?) throws -> Void
    ) throws {
        defer { stop() }
        while true {
            filled.wait()
            let slot = consumed % Self.slotCount
            let count = counts[slot]
            if count == 0 {
                consumed += 1
                if let failure { throw failure }
                return
            }
            try body(
                UnsafeBufferPointer(rebasing: accessSlots[slot][0..<count]),
                wantsNextUse ? UnsafeBufferPointer(rebasing: nextUseSlots[slot][0..<count]) : nil)
            consumed += 1
            empty.signal()
        }
    }

    /// Stops the producer (if it is still running) and waits for it to leave.
    ///
    /// libdispatch traps when a semaphore is freed with a value below the one it was made with, so `empty` is
    /// signalled enough to end at or above `slotCount` on every path: when the consumer stops early, the producer
    /// may hold one more slot than the consumer returned, and takes one more signal to wake up and leave.
    private func stop() {
        cancelled = true
        for _ in 0..<(2 * Self.slotCount) { empty.signal() }
        finished.wait()
    }
}
