// Each test starts several silo processes: run them one at a time on the 2-core machines.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
