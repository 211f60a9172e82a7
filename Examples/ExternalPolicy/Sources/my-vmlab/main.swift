import ExternalLIFO
import VMLabCLI

// Every subcommand of vmlab (simulate, compare, run, merge, render, policies, ...), with this package's policies
// registered beside the built-in ones. A name that clashes with a built-in policy stops the program at start-up.
await VMLabCLI.main(registering: [.replacement(ExternalLIFOModule.entries)])
