using Mosaic.Abstractions.Jobs;
using Mosaic.Cli.Batch;
using Mosaic.Gateway.Chat;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Jobs;
using Mosaic.Hosting.Pools;
using Mosaic.Routing;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Profiling;
using Mosaic.Zoo.Tasks;

namespace Mosaic.Cli.Commands;

/// <summary>
/// <c>mosaic plan --config pool.json</c>: the expert stage a pool file's cluster would plan, its experts priced as the
/// silos price them (a model's profile, else its configured costs), over a routed workload, a batch file the pool routes
/// as <c>mosaic run</c> would, or by default the zoo's test split routed by the pool.
/// </summary>
internal static class PoolPlanInstance
{
    /// <param name="shareRepeatedCalls">Null: the pool's <c>share_repeated_calls</c>.</param>
    public static SchedulingInstance Build(string config, string? workload, string? requests, bool? shareRepeatedCalls, int? workers, int? modelsPerWorker)
    {
        var pool = PoolConfigFile.Load(config);
        var (name, questions) = (workload, requests) switch
        {
            ({ }, { }) => throw new UsageException("give --workload or --requests, not both"),
            ({ } routed, null) => (Path.GetFileNameWithoutExtension(routed), RoutedWorkloadFile.ReadFile(routed).Select(q => q.Experts).ToArray()),
            (null, { } batch) => (Path.GetFileNameWithoutExtension(batch), Routed(BatchRequests.Read(ReadRequests(batch), pool).Job
                ?? throw new UsageException($"no line of {batch} is a valid request for this pool"))),
            (null, null) => ("zoo-test", Routed(ZooTestJob(pool))),
        };
        var share = shareRepeatedCalls ?? pool.ShareRepeatedCalls;
        var calls = questions.SelectMany(experts => share ? experts.Distinct(StringComparer.Ordinal) : experts).ToArray();
        if (calls.Length == 0)
        {
            throw new UsageException($"{name} holds no questions");
        }

        if (calls.FirstOrDefault(e => !pool.Experts.Contains(e, StringComparer.Ordinal)) is { } stranger)
        {
            throw new UsageException($"{name} routes calls to '{stranger}', which is not an expert of {config} ({string.Join(", ", pool.Experts)})");
        }

        IReadOnlyDictionary<string, ExpertProfile> profiles;
        try
        {
            profiles = pool.Experts.ToDictionary(e => e, e => PoolProfiles.Load(e, pool.Grains.Experts[e]), StringComparer.Ordinal);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{config}: {e.Message}");
        }

        return ProfiledInstances.FromCalls(name, calls, profiles, workers ?? pool.Workers, modelsPerWorker ?? pool.Grains.MaxModelsPerWorker);
    }

    /// <summary>The zoo's test questions as one batch job of the pool's MoA model, their skills found as the gateway finds them.</summary>
    private static JobSpec ZooTestJob(PoolConfig pool)
    {
        var catalog = new PoolCatalog(GatewayPools.From(pool));
        var questions = ZooDataset.Default.Test
            .Select((q, i) => new PendingQuestion($"l{i + 1}", q.Text, catalog.SkillOf(catalog.MoaModel, q.Text, null), null))
            .ToArray();
        return catalog.Job(catalog.MoaModel, questions, JobPriority.Batch);
    }

    /// <summary>Each question's experts in slot order, drawn by the pool's router as a silo draws them when the job is submitted.</summary>
    private static IReadOnlyList<string>[] Routed(JobSpec spec)
    {
        try
        {
            return [.. JobRouter.Route(spec).Questions.Select(q => q.Experts)];
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"the pool cannot route the questions: {e.Message}");
        }
    }

    private static byte[] ReadRequests(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: cannot read the requests ({e.Message})");
        }
    }
}
