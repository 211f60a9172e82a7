import Testing
import VMExperiment

/// Relative sizes (`5%`) and geometric ranges (`64...65536:x2`) in `--frames` lists, and their resolution for a
/// workload.
struct FrameSizesTests {
    @Test("Geometric ranges multiply by an integer factor up to HIGH; arithmetic ranges and mixes still work")
    func geometric() throws {
        #expect(
            try FrameList.parse("64...65536:x2") == [64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536])
        #expect(try FrameList.parse("1...100:x3") == [1, 3, 9, 27, 81])
        #expect(try FrameList.parse("4...64:4") == Array(stride(from: 4, through: 64, by: 4)))
        #expect(try FrameList.parse("2,8...40:x4,3") == [2, 8, 32, 3])
    }

    @Test("Bad factors and geometric ranges past the largest machine are refused before anything is expanded")
    func geometricRefusals() {
        for text in ["4...64:x1", "4...64:x", "4...64:xy", "4...64:x-2"] {
            #expect(
                throws: FrameListError("--frames: expected an integer factor of at least 2 after ':x' in '\(text)'")
            ) {
                try FrameList.parse(text)
            }
        }
        // 2^36 frames would be the last size: refused by its largest size, counted (36 multiplications), not built.
        #expect(throws: FrameListError("--frames 68719476736: at most 268435456 frames (frame numbers have 28 bits)")) {
            try FrameList.parse("1...99999999999:x2")
        }
        #expect(throws: FrameListError("--frames 0: the machine needs at least 1 frame")) {
            try FrameList.parse("0...64:x2")
        }
    }

    @Test("Percentages parse from their decimal text; relative sizes are refused where only frames make sense")
    func percentages() throws {
        let sizes = try FrameList.parseSizes("1%, 64...256:x2, 12.5%")
        #expect(sizes.description == "1%,64,128,256,12.5%")
        #expect(sizes.isRelative && sizes.absolute == nil)
        #expect(sizes.items[0] == .fraction(0.01, text: "1%"))
        #expect(sizes.items[4] == .fraction(0.125, text: "12.5%"))
        #expect(try FrameList.parseSizes("2.3%").items == [.fraction(0.023, text: "2.3%")])
        #expect(throws: FrameListError("--frames 0%: expected a percentage above 0% and at most 100%")) {
            try FrameList.parseSizes("0%")
        }
        #expect(throws: FrameListError("--frames 101%: expected a percentage above 0% and at most 100%")) {
            try FrameList.parseSizes("101%")
        }
        #expect(throws: FrameListError("--frames: expected a percentage like 5% or 0.5%, found '-5%'")) {
            try FrameList.parseSizes("-5%")
        }
        #expect(
            throws: FrameListError(
                "--frames 5%: relative sizes are for 'compare' and experiments; give a number of frames")
        ) { try FrameList.parse("8,5%") }
    }

    @Test("A fraction is the distinct pages times it, truncated as libCacheSim does, and at least 1 frame")
    func resolution() throws {
        let sizes = try FrameList.parseSizes("1%,29%,50%,100%,5")
        let resolved = try sizes.resolve(distinctPages: 10, workload: "w")
        // 10 × 0.01 = 0.1 → at least 1; 10 × 0.29 = 2.9999999999999996 → 2; 5 (absolute) duplicates 50%.
        #expect(resolved.sizes == [1, 2, 5, 10])
        #expect(resolved.relative == [1: "1%", 2: "29%", 5: "50%", 10: "100%"])
        #expect(resolved.duplicates == ["50% and 5 give 5 frames"])
        #expect(try sizes.resolve(distinctPages: 1000, workload: "w").sizes == [10, 290, 500, 1000, 5])
        #expect(try FrameSizes([3, 3, 4]).resolve(distinctPages: 0, workload: "w").sizes == [3, 4])
    }
}
