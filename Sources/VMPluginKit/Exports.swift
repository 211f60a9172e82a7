internal import CVMPlugin
internal import VMCore

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// One exported entry: the `context` of its ops table. Retained once at registration and never released (the
/// library is never unloaded, and the host keeps `context` for the life of the process).
final class Export<Policy>: @unchecked Sendable {
    let entry: PolicyEntry<Policy>

    init(entry: PolicyEntry<Policy>) { self.entry = entry }

    /// The `context` pointer: retains the export for good.
    var retainedPointer: UnsafeMutableRawPointer { Unmanaged.passRetained(self).toOpaque() }

    /// The shared body of every `create`: the host's arguments back into ``PolicyArguments``, then the entry's
    /// factory. On failure, writes the reason into `error` and returns nil.
    static func make(
        _ context: UnsafeMutableRawPointer?, _ frames: UInt32, _ arguments: UnsafePointer<vmlab_arguments>?,
        _ reason: UnsafeMutablePointer<CChar>?, _ errorSize: Int
    ) -> Policy? {
        guard let context else {
            write("the ops table lost its context", to: reason, size: errorSize)
            return nil
        }
        let export = Unmanaged<Export<Policy>>.fromOpaque(context).takeUnretainedValue()
        let info = export.entry.info
        var given: [PolicySpecification.Argument] = []
        if let arguments = arguments?.pointee, let keys = arguments.keys, let values = arguments.values {
            for index in 0..<Int(arguments.count) {
                guard let key = keys[index], let value = values[index] else { continue }
                given.append(.init(key: String(cString: key), value: String(cString: value)))
            }
        }
        do throws(VMError) {
            let checked = try PolicyArguments(
                PolicySpecification(name: info.name, arguments: given), parameters: info.parameters)
            return try export.entry.make(PolicyContext(frames: Int(frames), arguments: checked))
        } catch {
            write(error.message, to: reason, size: errorSize)
            return nil
        }
    }

    /// Copies `message` into the host's buffer, cut at a character boundary, NUL-terminated.
    static func write(_ message: String, to buffer: UnsafeMutablePointer<CChar>?, size: Int) {
        guard let buffer, size > 0 else { return }
        var length = 0
        for character in message {
            let bytes = character.utf8.count
            guard length + bytes < size else { break }
            for byte in character.utf8 {
                buffer[length] = CChar(bitPattern: byte)
                length += 1
            }
        }
        buffer[length] = 0
    }
}

extension VMError {
    /// The sentence without the kind prefix, for a refusal reason.
    var message: String {
        switch self {
        case .invalidConfiguration(let message), .invalidPolicy(let message), .contractViolation(let message):
            message
        }
    }
}

extension PageReference {
    /// The Swift view of a C reference.
    @inline(__always)
    init(_ reference: vmlab_reference) {
        self.init(
            time: Int(reference.time), nextUse: Int(reference.next_use), page: reference.page,
            process: Int(reference.process),
            kind: AccessKind(rawValue: UInt8(truncatingIfNeeded: reference.kind)) ?? .read)
    }
}

/// The state of one replacement policy made through the C ABI, and the thunks that drive it.
final class ReplacementState {
    let policy: any ReplacementPolicy

    init(policy: any ReplacementPolicy) { self.policy = policy }

    static let create: vmlab_create_function = { context, frames, arguments, error, errorSize in
        guard let policy = Export<any ReplacementPolicy>.make(context, frames, arguments, error, errorSize) else {
            return nil
        }
        return Unmanaged.passRetained(ReplacementState(policy: policy)).toOpaque()
    }

    static let destroy: vmlab_destroy_function = { state in
        guard let state else { return }
        Unmanaged<ReplacementState>.fromOpaque(state).release()
    }

    static let inserted: @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<vmlab_reference>?) -> Void = {
        state, frame, reference in
        guard let state, let reference else { return }
        Unmanaged<ReplacementState>.fromOpaque(state)._withUnsafeGuaranteedRef {
            $0.policy.inserted(frame: Int(frame), reference: PageReference(reference.pointee))
        }
    }

    static let accessed: @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<vmlab_reference>?) -> Void = {
        state, frame, reference in
        guard let state, let reference else { return }
        Unmanaged<ReplacementState>.fromOpaque(state)._withUnsafeGuaranteedRef {
            $0.policy.accessed(frame: Int(frame), reference: PageReference(reference.pointee))
        }
    }

    static let evict: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<vmlab_reference>?) -> Int32 = {
        state, reference in
        guard let state, let reference else { return -1 }
        return Unmanaged<ReplacementState>.fromOpaque(state)._withUnsafeGuaranteedRef {
            Int32(clamping: $0.policy.evict(for: PageReference(reference.pointee)))
        }
    }

    static let removed: @convention(c) (UnsafeMutableRawPointer?, Int32) -> Void = { state, frame in
        guard let state else { return }
        Unmanaged<ReplacementState>.fromOpaque(state)._withUnsafeGuaranteedRef { $0.policy.removed(frame: Int(frame)) }
    }
}

/// The state of one frame allocator made through the C ABI: the Swift allocator and a mirror of the host's
/// free-frame map, kept in step through `allocate` and `released`.
final class AllocatorState {
    let allocator: any FrameAllocator
    let memory: PhysicalMemory

    init(allocator: any FrameAllocator, frames: Int) {
        self.allocator = allocator
        memory = PhysicalMemory(frameCount: frames)
    }

    static let create: vmlab_create_function = { context, frames, arguments, error, errorSize in
        guard let allocator = Export<any FrameAllocator>.make(context, frames, arguments, error, errorSize) else {
            return nil
        }
        return Unmanaged.passRetained(AllocatorState(allocator: allocator, frames: Int(frames))).toOpaque()
    }

    static let destroy: vmlab_destroy_function = { state in
        guard let state else { return }
        Unmanaged<AllocatorState>.fromOpaque(state).release()
    }

    static let allocate:
        @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<vmlab_reference>?, UnsafePointer<vmlab_frame_map>?)
            -> Int32 = { state, reference, map in
                guard let state, let reference, let map else { return Int32(VMLAB_NO_FRAME) }
                return Unmanaged<AllocatorState>.fromOpaque(state)._withUnsafeGuaranteedRef {
                    $0.allocate(reference.pointee, map)
                }
            }

    static let released: @convention(c) (UnsafeMutableRawPointer?, Int32) -> Void = { state, frame in
        guard let state else { return }
        Unmanaged<AllocatorState>.fromOpaque(state)._withUnsafeGuaranteedRef { $0.released(Int(frame)) }
    }

    private func allocate(_ reference: vmlab_reference, _ map: UnsafePointer<vmlab_frame_map>) -> Int32 {
        let free = memory.free
        if Int(map.pointee.free_count) != free.freeCount || Int(map.pointee.frame_count) != memory.frameCount {
            resynchronise(map.pointee)
        }
        guard let frame = allocator.allocate(for: PageReference(reference), in: memory) else {
            return Int32(VMLAB_NO_FRAME)
        }
        if frame >= 0, frame < memory.frameCount, free.isFree(frame) { free.markUsed(frame) }
        // Anything else is passed on as it is: the host stops the run with a contract violation.
        return Int32(clamping: frame)
    }

    private func released(_ frame: Int) {
        if frame >= 0, frame < memory.frameCount, !memory.free.isFree(frame) { memory.free.markFree(frame) }
        allocator.released(frame: frame)
    }

    /// Copies the host's map into the mirror (never in a run that keeps the contract).
    private func resynchronise(_ map: vmlab_frame_map) {
        let free = memory.free
        guard let bits = map.free_bits else { return }
        for frame in 0..<min(memory.frameCount, Int(map.frame_count)) {
            let hostFree = (bits[frame >> 6] >> UInt64(frame & 63)) & 1 == 1
            if hostFree != free.isFree(frame) {
                if hostFree { free.markFree(frame) } else { free.markUsed(frame) }
            }
        }
    }
}

/// The state of one swap placement made through the C ABI: the Swift placement and a mirror of the host's swap
/// space, built at the first `place` and kept in step through `place` and `released`.
final class SwapState {
    let placement: any SwapPlacement
    @exclusivity(unchecked) var space: SwapSpace?

    init(placement: any SwapPlacement) { self.placement = placement }

    static let create: vmlab_create_function = { context, frames, arguments, error, errorSize in
        guard let placement = Export<any SwapPlacement>.make(context, frames, arguments, error, errorSize) else {
            return nil
        }
        return Unmanaged.passRetained(SwapState(placement: placement)).toOpaque()
    }

    static let destroy: vmlab_destroy_function = { state in
        guard let state else { return }
        Unmanaged<SwapState>.fromOpaque(state).release()
    }

    static let place:
        @convention(c) (
            UnsafeMutableRawPointer?, UnsafePointer<vmlab_reference>?, UnsafePointer<vmlab_swap_space>?,
            UnsafeMutablePointer<vmlab_swap_slot>?
        ) -> Int32 = { state, reference, view, slot in
            guard let state, let reference, let view, let slot else { return 0 }
            return Unmanaged<SwapState>.fromOpaque(state)._withUnsafeGuaranteedRef {
                $0.place(reference.pointee, view.pointee, slot)
            }
        }

    static let released: @convention(c) (UnsafeMutableRawPointer?, Int32, Int64) -> Void = { state, device, index in
        guard let state else { return }
        Unmanaged<SwapState>.fromOpaque(state)._withUnsafeGuaranteedRef {
            $0.released(SwapSlot(device: Int(device), index: Int(index)))
        }
    }

    private func place(
        _ reference: vmlab_reference, _ view: vmlab_swap_space, _ out: UnsafeMutablePointer<vmlab_swap_slot>
    ) -> Int32 {
        guard let devices = view.devices, view.device_count > 0 else { return 0 }
        let count = Int(view.device_count)
        if space?.devices.count != count {
            // Once per machine: the devices never change during a run.
            let configurations = (0..<count).map { index in
                let device = devices[index]
                return SwapDeviceConfiguration(
                    name: device.name.map { String(cString: $0) } ?? "swap\(index)",
                    slots: device.capacity < 0 ? nil : Int(device.capacity), priority: Int(device.priority))
            }
            guard let built = try? SwapSpace(configurations) else { return 0 }
            space = built
        }
        guard let space else { return 0 }
        for index in 0..<count {
            let slots = space.devices[index].slots
            let device = devices[index]
            if UInt64(slots.count) != device.slot_count || UInt64(slots.freeCount) != device.free_count {
                Self.resynchronise(slots, device)
            }
        }
        guard let placed = placement.place(for: PageReference(reference), in: space) else { return 0 }
        if space.isFree(placed) { space.devices[placed.device].slots.markUsed(placed.index) }
        // Anything else is passed on as it is: the host stops the run with a contract violation.
        out.pointee = vmlab_swap_slot(
            device: Int32(clamping: placed.device), reserved: 0, index: Int64(truncatingIfNeeded: placed.index))
        return 1
    }

    private func released(_ slot: SwapSlot) {
        if let space, slot.device >= 0, slot.device < space.devices.count {
            let slots = space.devices[slot.device].slots
            if slot.index >= 0, slot.index < slots.count, !slots.isFree(slot.index) { slots.markFree(slot.index) }
        }
        placement.released(slot: slot)
    }

    /// Copies the host's map of one device into the mirror (never in a run that keeps the contract).
    private static func resynchronise(_ slots: FreeMap, _ device: vmlab_swap_device) {
        let hostCount = Int(min(device.slot_count, UInt64(PageTableEntry.maxSlot + 1)))
        for index in 0..<max(hostCount, slots.count) {
            let hostFree =
                index >= hostCount
                ? true : device.free_bits.map { ($0[index >> 6] >> UInt64(index & 63)) & 1 == 1 } ?? true
            guard hostFree != slots.isFree(index) else { continue }
            if hostFree {
                if index < slots.count { slots.markFree(index) }
            } else if index < slots.count || slots.isGrowable {
                slots.markUsed(index)
            }
        }
    }
}
