import Testing
import VMExperiment

/// `--frames` lists (the parser `vmlab compare` and `vmlab mrc` use), with the inputs `make fuzz` found.
struct FrameListTests {
    @Test("Sizes, ranges and stepped ranges, in the order given")
    func forms() throws {
        #expect(try FrameList.parse("8,16,32") == [8, 16, 32])
        #expect(try FrameList.parse("4...8") == [4, 5, 6, 7, 8])
        #expect(try FrameList.parse(" 4...16:4 , 2") == [4, 8, 12, 16, 2])
    }

    @Test("Malformed lists and sizes under 1 are refused with the messages vmlab shows")
    func refusals() {
        #expect(throws: FrameListError("--frames: no sizes given")) { try FrameList.parse(",") }
        #expect(throws: FrameListError("--frames 0: the machine needs at least 1 frame")) {
            try FrameList.parse("3,0...4")
        }
        #expect(throws: FrameListError("--frames -9223372036854775808: the machine needs at least 1 frame")) {
            try FrameList.parse("-9223372036854775808...9223372036854775807")
        }
        #expect(throws: FrameListError("--frames: expected a positive step after ':' in '1...4:0'")) {
            try FrameList.parse("1...4:0")
        }
    }

    @Test("A range of more than a million sizes is refused before it is expanded (fuzz: timeout, then out of memory)")
    func hugeRange() throws {
        // The fuzzer's input: `0...4444444444444441,0444…`; the range was expanded into an array first.
        #expect(throws: FrameListError("--frames: '1...4444444444444441' gives more than 1048576 sizes")) {
            try FrameList.parse("1...4444444444444441")
        }
        #expect(throws: FrameListError.self) { try FrameList.parse("0...4444444444444441,04444444444444444444") }
        #expect(throws: FrameListError("--frames: '1...9223372036854775807:2' gives more than 1048576 sizes")) {
            try FrameList.parse("1...9223372036854775807:2")
        }
        #expect(try FrameList.parse("1...1048576").count == FrameList.maximumCount)
        #expect(throws: FrameListError("--frames: '1...1048576' gives more than 1048576 sizes")) {
            try FrameList.parse("7,1...1048576")
        }
    }
}
