import Foundation

/// The built-in experiment of `vmlab demo` (and `make demo`): the textbook reference strings (Belady's anomaly
/// under FIFO), a real trace (`/bin/true` under Valgrind, shipped as a resource), a Zipf workload and a shifting
/// working set; every registered replacement policy; a sweep of sizes per workload.
public enum DemoExperiment {
    /// The real trace shipped with the package.
    public static var tracePath: String? {
        Bundle.module.url(forResource: "true.all.pages", withExtension: "zst", subdirectory: "Resources")?.path
            ?? Bundle.module.url(forResource: "true.all.pages", withExtension: "zst")?.path
    }

    /// The experiment file's text, with the trace path filled in.
    public static func yaml(tracePath: String) -> String {
        """
        name: demo
        workloads:
          - name: belady
            pages: [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5]
            frames: 1...6
          - name: textbook
            pages: [7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1]
            frames: 1...8
          - name: true
            trace: \(tracePath)
            frames: [8, 12, 16, 24, 32, 48, 64, 96, 139]
          - name: zipf
            synthetic: {pattern: zipf, pages: 2000, alpha: 0.9, accesses: 100000, writes: 0.2, seed: 7}
            frames: [16, 32, 64, 128, 256, 512, 1024]
          - name: phases
            synthetic: {pattern: phases, pages: 1000, working-set: 40, phase-length: 5000, accesses: 60000, seed: 3}
            frames: [8, 16, 24, 32, 40, 48, 64]
        policies:
          replacement: all
        outputs:
          diagrams:
            - {workload: belady, policy: fifo, frames: 3}
            - {workload: belady, policy: fifo, frames: 4}
        """
    }
}
