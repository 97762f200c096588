using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Mosaic.Storage.Jobs;

namespace Mosaic.Storage.Tests.Jobs;

/// <summary>
/// Throughput of one job store: N results and N outputs written in batches, then read back in pages. Prints one JSON
/// line. Not a test: figures go in docs/storage.md.
/// <c>dotnet Mosaic.Storage.Tests.dll job-store-bench --provider sqlite --rows 100000 --batch 256</c>
/// (PostgreSQL reads MOSAIC_TEST_POSTGRES, or <c>--connection</c>).
/// </summary>
internal static class JobStoreBenchmark
{
    public const string Command = "job-store-bench";
    private const int ResultPayloadBytes = 512;
    private const int OutputPayloadBytes = 256;
    private const int PageSize = 1000;

    public static async Task<int> RunAsync(string[] args)
    {
        var provider = MosaicStorageOptions.ParseProvider(Option(args, "--provider") ?? "sqlite");
        var rows = int.Parse(Option(args, "--rows") ?? "100000", CultureInfo.InvariantCulture);
        var batch = int.Parse(Option(args, "--batch") ?? "256", CultureInfo.InvariantCulture);
        var folder = Path.Combine(Path.GetTempPath(), TestClusters.NewId("mosaic-bench"));
        var options = provider switch
        {
            MosaicStorageProvider.Sqlite => new MosaicStorageOptions { Provider = provider, DataFolder = folder },
            MosaicStorageProvider.Postgres => new MosaicStorageOptions
            {
                Provider = provider,
                ConnectionString = Option(args, "--connection") ?? PostgresFactAttribute.ConnectionString
                    ?? throw new MosaicStorageException($"PostgreSQL storage: set {PostgresFactAttribute.VariableName} or pass --connection."),
            },
            _ => new MosaicStorageOptions { Provider = provider },
        };
        await SqlSchemaInstaller.ApplyAsync(options);
        var store = JobStores.Create(options, TestClusters.NewId("bench"));
        try
        {
            var job = JobData.NewJobId();
            await store.TryCreateJobAsync(job, JobData.Bytes("bench"));
            var random = new Random(1);
            var resultPayload = new byte[ResultPayloadBytes];
            var outputPayload = new byte[OutputPayloadBytes];
            random.NextBytes(resultPayload);
            random.NextBytes(outputPayload);

            var results = Enumerable.Range(0, rows)
                .Select(i => new StoredResult(i, $"question-{i:D6}", resultPayload, JobData.Summary(correct: i % 3 == 0, aggregator: i % 2 == 0)))
                .ToArray();
            random.Shuffle(results);
            var outputs = Enumerable.Range(0, rows)
                .Select(i => new StoredOutput($"question-{i / 5:D6}", i % 5, outputPayload))
                .ToArray();

            var saveResults = await TimeAsync(() => InBatchesAsync(results, batch, chunk => store.SaveResultsAsync(job, chunk)));
            var saveOutputs = await TimeAsync(() => InBatchesAsync(outputs, batch, chunk => store.SaveOutputsAsync(job, chunk)));
            var read = 0;
            var readResults = await TimeAsync(async () =>
            {
                for (var from = 0; ;)
                {
                    var page = await store.ReadResultsAsync(job, from, PageSize);
                    read += page.Count;
                    if (page.Count < PageSize)
                    {
                        break;
                    }

                    from = page[^1].QuestionIndex + 1;
                }
            });
            var totalsCalls = 200;
            var readTotals = await TimeAsync(async () =>
            {
                for (var i = 0; i < totalsCalls; i++)
                {
                    await store.ReadTotalsAsync(job);
                }
            });
            var totals = await store.ReadTotalsAsync(job);
            if (totals.Answered != rows || read != rows)
            {
                throw new InvalidOperationException($"stored {totals.Answered} results, read {read}, expected {rows}");
            }

            await store.DeleteJobAsync(job);
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                provider = provider.ToString().ToLowerInvariant(),
                rows,
                batch,
                save_results_rows_per_s = Math.Round(rows / saveResults.TotalSeconds),
                save_outputs_rows_per_s = Math.Round(rows / saveOutputs.TotalSeconds),
                read_results_rows_per_s = Math.Round(rows / readResults.TotalSeconds),
                read_totals_ms = Math.Round(readTotals.TotalMilliseconds / totalsCalls, 3),
            }));
            return 0;
        }
        finally
        {
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }

            SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task InBatchesAsync<T>(T[] rows, int batch, Func<T[], Task> write)
    {
        for (var start = 0; start < rows.Length; start += batch)
        {
            await write(rows[start..Math.Min(rows.Length, start + batch)]);
        }
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> work)
    {
        var watch = Stopwatch.StartNew();
        await work();
        return watch.Elapsed;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
