using System.Globalization;
using Microsoft.Extensions.Options;
using Mosaic.Aggregation;
using Mosaic.Aggregation.Extraction;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Emulation;

namespace Mosaic.Grains.Backends;

/// <summary>
/// The calibrated emulation (<see cref="EmulationModel"/>, the same model the pipeline simulator uses) behind the
/// device, for paper-scale runs on a CPU. Per job, the model is built from the job's questions and
/// <see cref="EmulationOptions"/> (a paper calibration, or the configured pool); every call then gets its output length,
/// cost and answer from it: an expert call by (expert, question, slot), an aggregator call from the responses it
/// actually reads. A load takes the model's load time and begins an engine run with the expert's floor D(n); calls share
/// one <see cref="VirtualGpu"/> (shortest first within an expert's run, in arrival order for the aggregator). An
/// aggregator call of a tensor-parallel engine costs its TP = 4 share and latency, and the engine's start-up is paid once
/// per run. Times are scaled by <see cref="MosaicGrainsOptions.TimeScale"/>. Every output is labelled emulated.
/// </summary>
internal sealed class EmulatedBackend : IInferenceBackend
{
    private const int CachedJobs = 16;

    private static readonly TimeSpan StreamInterval = TimeSpan.FromMilliseconds(100);

    private readonly MosaicGrainsOptions _options;
    private readonly TimeProvider _time;
    private readonly IEmulatedJobSource _jobs;
    private readonly EmulationProfile? _calibration;
    private readonly VirtualGpu _gpu;
    private readonly object _lock = new();
    private readonly RecentJobTasks<EmulationModel> _models = new(CachedJobs);
    private string? _resident;
    private bool _tensorParallelStarted;

    public EmulatedBackend(IOptions<MosaicGrainsOptions> options, TimeProvider time, IEmulatedJobSource jobs)
    {
        _options = options.Value;
        _time = time;
        _jobs = jobs;
        _calibration = _options.Emulation.Calibration();
        _gpu = new VirtualGpu(time);
    }

    public string Name => EnumNames<BackendKind>.NameOf(BackendKind.Emulated);

    public bool IsEmulated => true;

    public int BatchLimit => int.MaxValue;

    public async Task LoadAsync(string expert, CancellationToken cancellationToken)
    {
        var (loadSeconds, floor) = Describe(expert);
        var seconds = loadSeconds * _options.TimeScale;
        if (seconds > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), _time, cancellationToken);
        }

        lock (_lock)
        {
            _resident = expert;
            _tensorParallelStarted = false;
        }

        _gpu.BeginRun(floor is null ? null : n => Scaled(floor(n)));
    }

    public Task UnloadAsync(string expert)
    {
        lock (_lock)
        {
            _resident = null;
        }

        return Task.CompletedTask;
    }

    public async Task<InferenceOutput> GenerateAsync(InferenceRequest request, Action<string>? onText, CancellationToken cancellationToken)
    {
        CheckResident(request.Expert);
        if (!request.Reports)
        {
            return await HoldAsync(request, cancellationToken);
        }

        var model = await ModelAsync(request.JobId).WaitAsync(cancellationToken);
        CheckResident(request.Expert);
        var call = Emulate(model, request);
        if (request.TensorParallelSize > 1 && StartsTensorParallelEngine())
        {
            // The engine's process group and graphs come up once per run, before its first call (the rest of F = load + start-up).
            _gpu.Reserve(Scaled(model.Profile.Aggregator.TensorParallelStartupSeconds));
        }

        var answer = Render(Answer(model, request, call.Choice), request.Format);
        var text = OutputKind(model, request) == ExpertKind.Reasoning
            ? $"<think>emulated reasoning, {call.OutputTokens} tokens</think>\nThe answer is {answer}."
            : $"The answer is {answer}.";
        var running = _gpu.RunAsync(Scaled(call.Seconds), Scaled(call.LatencySeconds), call.Order, cancellationToken);
        if (onText is not null)
        {
            await StreamAsync(running, text, Scaled(call.Seconds), onText);
        }

        await running;
        return new InferenceOutput(text, call.InputTokens, call.OutputTokens, call.Seconds, Emulated: true, ReachedTokenLimit: call.OutputTokens >= request.MaxNewTokens);
    }

    /// <summary>
    /// While the call runs, its text so far in proportion to the time it has run of its length alone (the emulated
    /// output is written at once; only its pace is emulated).
    /// </summary>
    private async Task StreamAsync(Task running, string text, TimeSpan length, Action<string> onText)
    {
        var start = _time.GetTimestamp();
        while (!running.IsCompleted)
        {
            var fraction = length <= TimeSpan.Zero ? 1 : Math.Min(1, _time.GetElapsedTime(start) / length);
            var count = (int)(text.Length * fraction);
            if (count > 0)
            {
                onText(text[..(char.IsHighSurrogate(text[count - 1]) ? count - 1 : count)]);
            }

            await Task.WhenAny(running, Task.Delay(StreamInterval, _time));
        }
    }

    /// <summary>
    /// A follower's share of a tensor-parallel engine: it starts its part of the engine, then keeps the GPU until the
    /// engine is released (the call is cancelled); the engine's calls are served, and timed, on its first worker.
    /// </summary>
    private async Task<InferenceOutput> HoldAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        var startup = _calibration?.Aggregator.TensorParallelStartupSeconds ?? PaperCalibration.TensorParallelStartupSeconds;
        if (StartsTensorParallelEngine())
        {
            _gpu.Reserve(Scaled(startup));
        }

        await Task.Delay(Timeout.InfiniteTimeSpan, _time, cancellationToken);
        throw new InvalidOperationException($"the tensor-parallel hold of job '{request.JobId}' ended without a release");
    }

    /// <summary>
    /// One call's length, cost and answer from the model: an expert call by (expert, question, slot); an aggregator
    /// call from the responses it reads (their experts and token counts), on a TP = 4 engine or a TP = 1 replica.
    /// </summary>
    internal static EmulatedCall Emulate(EmulationModel model, InferenceRequest request)
    {
        var questionId = request.Key.QuestionId;
        if (request.Key.IsAggregator)
        {
            var responses = (request.Responses ?? []).Select(r => new ExpertResponse(r.Expert, r.OutputTokens)).ToArray();
            var placement = request.TensorParallelSize > 1 ? AggregatorPlacement.TensorParallel : AggregatorPlacement.Replica;
            var aggregated = model.AggregatorCall(questionId, responses, placement, request.MaxNewTokens);
            return new EmulatedCall(aggregated.PromptTokens, aggregated.OutputTokens, aggregated.Seconds, aggregated.LatencySeconds,
                GpuOrder.Arrival, aggregated.Choice);
        }

        var expert = model.ExpertCall(request.Expert, questionId, request.Key.Slot, request.MaxNewTokens);
        return new EmulatedCall(request.Question.Length / 4 + 1, expert.OutputTokens, expert.Seconds, 0, GpuOrder.ShortestFirst, expert.Choice);
    }

    /// <summary>
    /// The text of answer <paramref name="choice"/> (0 = right): an option letter when the gold answer is one, a number
    /// near a numeric gold answer, else the model's own letters.
    /// </summary>
    internal static string Answer(EmulationModel model, InferenceRequest request, int choice)
    {
        var questionId = request.Key.QuestionId;
        if (request.Gold is { Length: 1 } gold && gold[0] >= 'A' && gold[0] < 'A' + model.Profile.AnswerOptions)
        {
            return model.AnswerLetter(questionId, choice, gold);
        }

        if (choice == 0 && request.Gold is { Length: > 0 } known)
        {
            return known;
        }

        if (long.TryParse(request.Gold, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return Near(number, choice);
        }

        // A numeric format without a gold answer: letters would never extract, so every call would miss its vote.
        return request.Gold is null && request.Format is AnswerFormat.Number or AnswerFormat.Gsm8k or AnswerFormat.Boxed
            ? Near(10 + StableHash.Of("emulated answer", questionId) % 990, choice)
            : model.AnswerLetter(questionId, choice);
    }

    /// <summary>Answer <paramref name="choice"/> around a right number: itself, then distinct wrong ones +1, −1, +2, −2, …</summary>
    private static string Near(long number, int choice) =>
        (number + (choice + 1) / 2 * (choice % 2 == 1 ? 1 : -1)).ToString(CultureInfo.InvariantCulture);

    /// <summary>An option letter in parentheses, a <see cref="AnswerFormat.Boxed"/> answer boxed (nothing else extracts there).</summary>
    private static string Render(string answer, AnswerFormat format) =>
        format == AnswerFormat.Boxed ? $"\\boxed{{{answer}}}"
        : answer is { Length: 1 } && char.IsLetter(answer[0]) ? $"({answer})"
        : answer;

    private ExpertKind OutputKind(EmulationModel model, InferenceRequest request) =>
        request.Key.IsAggregator ? model.Profile.Aggregator.Kind : model.Profile.Expert(request.Expert).Kind;

    /// <summary>A model's load time, and its engine runs' floor D(n) (experts of a paper calibration only).</summary>
    private (double LoadSeconds, Func<int, double>? Floor) Describe(string expert)
    {
        if (_calibration is not { } calibration)
        {
            return _options.Experts.TryGetValue(expert, out var configured)
                ? (configured.LoadSeconds, null)
                : throw new InvalidOperationException($"expert '{expert}' is not configured on this silo");
        }

        if (calibration.Experts.TryGetValue(expert, out var emulated))
        {
            return (emulated.LoadSeconds, n => calibration.Tail.FloorSeconds(emulated.Kind, n));
        }

        // Not one of the calibration's experts: the aggregator (named freely in the pool).
        return (calibration.Aggregator.LoadSeconds, null);
    }

    private bool StartsTensorParallelEngine()
    {
        lock (_lock)
        {
            if (_tensorParallelStarted)
            {
                return false;
            }

            _tensorParallelStarted = true;
            return true;
        }
    }

    private void CheckResident(string expert)
    {
        lock (_lock)
        {
            if (_resident != expert)
            {
                throw new InvalidOperationException($"expert '{expert}' is not the resident model (resident: '{_resident ?? "none"}')");
            }
        }
    }

    /// <summary>The job's model, built once per job from its questions (the last few jobs are kept).</summary>
    private Task<EmulationModel> ModelAsync(string jobId) => _models.GetOrStart(jobId, () => BuildAsync(jobId));

    private async Task<EmulationModel> BuildAsync(string jobId)
    {
        var job = await _jobs.GetAsync(jobId, CancellationToken.None);
        var profile = _calibration ?? PaperCalibration.ForPool(
            _options.Experts.Select(p => new PoolModel(p.Key, p.Value.Kind, p.Value.LoadSeconds, p.Value.PerPromptSeconds, p.Value.MeanOutputTokens)),
            // A job without an aggregator stage never makes an aggregator call; any pool model fills the profile's slot.
            job.Aggregator ?? _options.Experts.Keys.Order(StringComparer.Ordinal).First());
        return new EmulationModel(profile, job.QuestionIds, _options.Emulation.Seed);
    }

    private TimeSpan Scaled(double seconds) => TimeSpan.FromSeconds(seconds * _options.TimeScale);
}
