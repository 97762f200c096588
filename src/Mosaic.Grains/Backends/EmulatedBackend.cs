using System.Globalization;
using Microsoft.Extensions.Options;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;
using Mosaic.Scheduling;

namespace Mosaic.Grains.Backends;

/// <summary>
/// Profile-driven emulation for paper-scale runs on a CPU. A load takes the expert's load seconds; a call's output
/// length is log-normal around the expert's mean and costs its share of the per-prompt time (<see cref="Cost"/>); all
/// calls of the resident model share one <see cref="VirtualGpu"/>, so calls that join a running batch wait for the
/// work already on it. Times are scaled by <see cref="MosaicGrainsOptions.TimeScale"/>. Answers are right with the
/// expert's emulated accuracy, else a plausible wrong answer, all seeded by (question, expert, slot, seed) so re-runs
/// agree. Every output is labelled emulated.
/// </summary>
internal sealed class EmulatedBackend(IOptions<MosaicGrainsOptions> options, TimeProvider time) : IInferenceBackend
{
    private readonly MosaicGrainsOptions _options = options.Value;
    private readonly VirtualGpu _gpu = new(time);
    private volatile string? _resident;

    public string Name => "emulated";

    public bool IsEmulated => true;

    public int BatchLimit => int.MaxValue;

    public async Task LoadAsync(string expert, CancellationToken cancellationToken)
    {
        var seconds = Options(expert).LoadSeconds * _options.TimeScale;
        if (seconds > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), time, cancellationToken);
        }

        _resident = expert;
    }

    public Task UnloadAsync(string expert)
    {
        _resident = null;
        return Task.CompletedTask;
    }

    public async Task<InferenceOutput> GenerateAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        if (_resident != request.Expert)
        {
            throw new InvalidOperationException($"expert '{request.Expert}' is not the resident model (resident: '{_resident ?? "none"}')");
        }

        var expert = Options(request.Expert);
        var random = new Random(StableHash.Of(
            request.Key.QuestionId, request.Expert, request.Key.Slot.ToString(CultureInfo.InvariantCulture), _options.EmulationSeed.ToString(CultureInfo.InvariantCulture)));
        var call = Cost(expert, request, random);
        await _gpu.RunAsync(TimeSpan.FromSeconds(call.Seconds * _options.TimeScale), cancellationToken);
        var answer = random.NextDouble() < expert.EmulatedAccuracy && request.Gold is { } gold ? gold : WrongAnswer(request.Gold, random);
        var text = expert.Kind == ExpertKind.Reasoning
            ? $"<think>emulated reasoning, {call.OutputTokens} tokens</think>\nThe answer is {Render(answer)}."
            : $"The answer is {Render(answer)}.";
        return new InferenceOutput(text, call.InputTokens, call.OutputTokens, call.Seconds, Emulated: true);
    }

    /// <summary>
    /// The cost model (to be replaced by the calibrated emulation model): output tokens log-normal around the mean
    /// (σ 0.45 for reasoning, 0.6 for instruct experts), capped by the call's token limit; seconds = per-prompt time
    /// × tokens / mean; input tokens ≈ characters / 4.
    /// </summary>
    internal static EmulatedCall Cost(ExpertOptions expert, InferenceRequest request, Random random)
    {
        var sigma = expert.Kind == ExpertKind.Reasoning ? 0.45 : 0.6;
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var tokens = Math.Max(1, (int)Math.Round(expert.MeanOutputTokens * Math.Exp(sigma * normal - sigma * sigma / 2)));
        if ((request.MaxNewTokens ?? expert.MaxNewTokens) is { } limit)
        {
            tokens = Math.Min(tokens, limit);
        }

        var characters = request.Question.Length + (request.Responses?.Sum(r => r.Text.Length) ?? 0);
        return new EmulatedCall(characters / 4 + 1, tokens, expert.PerPromptSeconds * tokens / expert.MeanOutputTokens);
    }

    private static string WrongAnswer(string? gold, Random random)
    {
        if (gold is { Length: 1 } letter && letter[0] is >= 'A' and <= 'J')
        {
            var choices = letter[0] <= 'D' ? "ABCD" : "ABCDEFGHIJ";
            var wrong = choices.Replace(letter, "", StringComparison.Ordinal);
            return wrong[random.Next(wrong.Length)].ToString();
        }

        if (long.TryParse(gold, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return (number + (random.Next(2) == 0 ? -1 : 1) * (1 + random.Next(9))).ToString(CultureInfo.InvariantCulture);
        }

        return ((char)('A' + random.Next(4))).ToString();
    }

    private static string Render(string answer) => answer is { Length: 1 } && char.IsLetter(answer[0]) ? $"({answer})" : answer;

    private ExpertOptions Options(string expert) =>
        _options.Experts.TryGetValue(expert, out var found)
            ? found
            : throw new InvalidOperationException($"expert '{expert}' is not configured on this silo");
}
