import Testing
import VMExperiment
import VMPolicyCatalogue
import VMRunner
import VMScenario

/// `frames:` given as text in an experiment file. The first two were found by reading the parser during the fuzzing
/// work and reproduced with the fuzz-experiment target (a trap on an empty list of parts; minutes, then all memory,
/// for a large range); they are also seeds of its corpus.
struct ExperimentFramesTests {
    static func parse(frames: String) throws(YAMLInputError) -> Experiment {
        try Experiment(
            yaml:
                "workloads: [{name: a, pages: [1]}]\nmachine: {frames: \"\(frames)\"}\npolicies: {replacement: lru}\n",
            file: "exp.yaml", baseDirectory: "/tmp", registry: PolicyCatalogue.standard())
    }

    @Test("Empty frames, or only ':', is a mistake at the value, not a trap", arguments: ["", ":", "::"])
    func empty(frames: String) {
        let error = #expect(throws: YAMLInputError.self) { try Self.parse(frames: frames) }
        #expect(error?.line == 2 && error?.column == 19)
        #expect(
            error?.message == "frames: no sizes given"
                || error?.message.hasPrefix("frames: expected N, N%, LOW...HIGH, LOW...HIGH:STEP") == true,
            "\(error?.message ?? "")")
    }

    @Test("A range of more than 2^20 sizes is refused before it is expanded")
    func hugeRange() throws {
        let error = #expect(throws: YAMLInputError.self) { try Self.parse(frames: "1...99999999999") }
        #expect(error?.message == "frames: '1...99999999999' gives more than 1048576 sizes")
        #expect(try Self.parse(frames: "1...1048576").frames.items.count == FrameList.maximumCount)
        #expect(try Self.parse(frames: "4...64:4").frames.absolute == Array(stride(from: 4, through: 64, by: 4)))
    }
}
