import VMLabCLI

// The command line lives in the VMLabCLI library, so that other packages can build their own vmlab with extra
// policies (Examples/ExternalPolicy); this one has the built-in policies only.
await VMLabCLI.main()
