// The scenarios pick free loopback ports before their LIMS listens (the LIMS-down case needs a silent port), start
// real peers and kill processes: run them one after another, which also keeps a loaded 2-core CI machine responsive.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
