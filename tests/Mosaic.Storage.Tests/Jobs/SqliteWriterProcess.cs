using System.Globalization;
using Microsoft.Data.Sqlite;
using Mosaic.Storage.Jobs;

namespace Mosaic.Storage.Tests.Jobs;

/// <summary>A child process writing the same outputs and results as its siblings into one SQLite file.</summary>
internal static class SqliteWriterProcess
{
    public const string Command = "sqlite-writer";
    public const int Keys = 12;
    public const int Questions = 30;

    /// <summary>Arguments: database file, service id, job id, writer number, rounds.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var file, var serviceId, var job, var writerText, var roundsText])
        {
            Console.Error.WriteLine($"usage: {Command} <file> <service> <job> <writer> <rounds>");
            return 2;
        }

        var writer = int.Parse(writerText, CultureInfo.InvariantCulture);
        var store = JobStores.Create(
            new MosaicStorageOptions
            {
                Provider = MosaicStorageProvider.Sqlite,
                ConnectionString = new SqliteConnectionStringBuilder { DataSource = file }.ConnectionString,
            },
            serviceId);
        var random = new Random(writer);
        for (var round = 0; round < int.Parse(roundsText, CultureInfo.InvariantCulture); round++)
        {
            var outputs = Enumerable.Range(0, Keys).Select(k => JobData.Output($"q{k}", 0, $"process {writer} round {round}")).ToArray();
            random.Shuffle(outputs);
            await store.SaveOutputsAsync(job, outputs);
            var results = Enumerable.Range(0, Questions).Select(i => JobData.Result(i, $"process {writer}")).ToArray();
            random.Shuffle(results);
            await store.SaveResultsAsync(job, results);
        }

        return 0;
    }
}
