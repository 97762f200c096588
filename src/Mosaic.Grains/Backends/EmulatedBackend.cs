using Microsoft.Extensions.Options;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;

namespace Mosaic.Grains.Backends;

/// <summary>
/// Profile-driven emulation for paper-scale runs on a CPU: a load takes ℓ·scale, a request takes its share of the
/// session (τ · length / Ō) · scale, with log-normal output lengths; answers are right with the expert's configured
/// accuracy and otherwise a wrong option, all seeded by (question, expert, slot) so re-runs agree. Results are always
/// labelled emulated.
/// </summary>
internal sealed class EmulatedBackend(IOptions<MosaicGrainsOptions> options) : IInferenceBackend
{
    private const double MinimumSleepSeconds = 0.002;
    private readonly MosaicGrainsOptions _options = options.Value;

    public string Name => "emulated";

    public bool IsEmulated => true;

    public Task LoadAsync(string expert, CancellationToken cancellationToken) =>
        Sleep(Profile(expert).LoadSeconds * _options.TimeScale, cancellationToken);

    public Task UnloadAsync(string expert) => Task.CompletedTask;

    public async Task GenerateAsync(string expert, IReadOnlyList<PendingRequest> batch, CancellationToken cancellationToken)
    {
        var profile = Profile(expert);
        var outputs = batch.Select(p => (Pending: p, Output: Emulate(expert, profile, p.Request)))
            .OrderBy(o => o.Output.Seconds).ToArray();
        // Continuous batching in emulation: the batch finishes shortest first, each request at its cumulative share.
        // Deadlines are absolute, so timer overshoot never accumulates over thousands of requests.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var due = 0.0;
        foreach (var (pending, output) in outputs)
        {
            if (pending.Cancelled.IsCancellationRequested)
            {
                continue;
            }

            due += output.Seconds * _options.TimeScale;
            var wait = due - clock.Elapsed.TotalSeconds;
            if (wait >= MinimumSleepSeconds)
            {
                await Sleep(wait, cancellationToken);
            }

            pending.Complete(output);
        }

        var rest = due - clock.Elapsed.TotalSeconds;
        await Sleep(rest, cancellationToken);
    }

    internal InferenceOutput Emulate(string expert, ExpertProfileOptions profile, InferenceRequest request)
    {
        var random = new Random(StableHash.Of(request.QuestionId, expert, request.Slot.ToString(), _options.EmulationSeed.ToString()));
        var sigma = profile.Kind == "reasoning" ? 0.45 : 0.6;
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var tokens = Math.Max(1, (int)Math.Round(profile.MeanOutputTokens * Math.Exp(sigma * normal - sigma * sigma / 2)));
        var seconds = profile.PerPromptSeconds * tokens / profile.MeanOutputTokens;
        var answer = random.NextDouble() < profile.EmulatedAccuracy && request.Gold is { } gold ? gold : WrongAnswer(request.Gold, random);
        var text = profile.Kind == "reasoning"
            ? $"<think>emulated reasoning, {tokens} tokens</think>\nThe answer is {Render(answer)}."
            : $"The answer is {Render(answer)}.";
        return new InferenceOutput(text, request.Prompt.Length / 4 + 1, tokens, seconds, Emulated: true);
    }

    private static string WrongAnswer(string? gold, Random random)
    {
        if (gold is { Length: 1 } letter && letter[0] is >= 'A' and <= 'J')
        {
            var options = letter[0] <= 'D' ? "ABCD" : "ABCDEFGHIJ";
            var wrong = options.Replace(letter, "", StringComparison.Ordinal);
            return wrong[random.Next(wrong.Length)].ToString();
        }

        if (long.TryParse(gold, out var number))
        {
            return (number + (random.Next(2) == 0 ? -1 : 1) * (1 + random.Next(9))).ToString();
        }

        return ((char)('A' + random.Next(4))).ToString();
    }

    private static string Render(string answer) => answer is { Length: 1 } && char.IsLetter(answer[0]) ? $"({answer})" : answer;

    private ExpertProfileOptions Profile(string expert) =>
        _options.Experts.TryGetValue(expert, out var profile)
            ? profile
            : throw new InvalidOperationException($"expert '{expert}' has no profile on this silo");

    private static Task Sleep(double seconds, CancellationToken cancellationToken) =>
        seconds <= 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
}
