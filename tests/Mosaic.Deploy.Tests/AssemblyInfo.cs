// The tests start real silo processes and a browser: one at a time keeps a two-core machine responsive.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
