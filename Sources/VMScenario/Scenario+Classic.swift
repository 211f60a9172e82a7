extension Scenario {
    /// The default scenario (`vmlab render` with no workload, and `make demo`): three processes with the same
    /// virtual layout, pages scattered over 16 frames and a swap device, the kernel's direct map. The same text is
    /// `Examples/scenarios/classic.yaml` (a test keeps them equal).
    public static let classicYAML = """
        # The classic picture of virtual memory: three processes see the same contiguous virtual range; their pages
        # are scattered over RAM frames or out on swap; the kernel's own range maps all of RAM one to one.
        # Total virtual memory (3 × 12 pages) is more than twice RAM (16 frames).
        # Render it: vmlab render --scenario Examples/scenarios/classic.yaml --out Output/classic.svg
        title: Three processes, one virtual range, 16 frames of RAM
        machine:
          frames: 16
          page-size: 4096
          swap:
            - {name: swap0, slots: 24}
        policies: {replacement: lru, allocator: first-free, swap: first-free}
        processes:
          - name: editor
            regions: &layout
              - {name: text, start: 0x400000, pages: 3, permissions: rx}
              - {name: heap, start: 0x600000, pages: 6, permissions: rw}
              - {name: stack, start: 0x7ffffffdd000, pages: 3, permissions: rw}
          - name: browser
            regions: *layout
          - name: compiler
            regions: *layout
        accesses:
          - editor I text
          - editor W heap:0-3
          - browser I text
          - browser W heap
          - editor W stack
          - compiler I text
          - compiler W heap:0-4
          - kernel R frame:0-1        # the kernel reads two frames through its direct map
          - editor R heap:0-1
          - browser R heap:0-2
          - compiler W stack:2
          - kernel W editor:heap:2    # the kernel writes a user page (copy_to_user): a fault brings it back
          - compiler R heap:5

        """

    /// The default scenario, parsed.
    public static func classic() -> Scenario {
        do {
            return try Scenario(yaml: classicYAML, file: "<classic scenario>")
        } catch {
            preconditionFailure("the built-in scenario does not parse: \(error)")
        }
    }
}
