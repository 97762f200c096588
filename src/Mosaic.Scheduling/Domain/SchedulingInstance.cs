namespace Mosaic.Scheduling;

/// <summary>
/// The expert stage of a MoA batch: M experts with routed prompt counts, N workers and K, the most distinct models
/// one worker may load. Index letters used throughout the library: m = expert, n = worker, q = prompt.
/// </summary>
public sealed record SchedulingInstance(
    string Name,
    IReadOnlyList<ExpertSpec> Experts,
    IReadOnlyList<WorkerSpec> Workers,
    int MaxModelsPerWorker)
{
    /// <summary>Experts with at least one prompt; an expert nobody routed to is never loaded.</summary>
    public IReadOnlyList<ExpertSpec> ActiveExperts => Experts.Where(e => e.Prompts > 0).ToArray();

    public int TotalPrompts => Experts.Sum(e => e.Prompts);

    /// <summary>Checks every field and throws <see cref="InvalidInstanceException"/> naming the first problem.</summary>
    public SchedulingInstance Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new InvalidInstanceException("instance name is empty");
        }

        if (Workers.Count == 0)
        {
            throw new InvalidInstanceException("the instance has zero workers");
        }

        if (Experts.Count == 0)
        {
            throw new InvalidInstanceException("the instance has no experts");
        }

        if (MaxModelsPerWorker < 1)
        {
            throw new InvalidInstanceException($"max_models_per_worker must be at least 1, got {MaxModelsPerWorker}");
        }

        var workerIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var w in Workers)
        {
            RequireName(w.Id, "worker id");
            if (!workerIds.Add(w.Id))
            {
                throw new InvalidInstanceException($"worker id '{w.Id}' appears twice");
            }

            RequirePositive(w.Speed, $"worker '{w.Id}' speed");
            if (w.MemoryGb is { } memory)
            {
                RequirePositive(memory, $"worker '{w.Id}' memory_gb");
            }
        }

        var expertNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in Experts)
        {
            RequireName(e.Name, "expert name");
            if (!expertNames.Add(e.Name))
            {
                throw new InvalidInstanceException($"expert name '{e.Name}' appears twice");
            }

            RequireNonNegative(e.LoadSeconds, $"expert '{e.Name}' load_s");
            RequireNonNegative(e.PerPromptSeconds, $"expert '{e.Name}' per_prompt_s");
            if (e.Prompts < 0)
            {
                throw new InvalidInstanceException($"expert '{e.Name}' prompts must not be negative, got {e.Prompts}");
            }

            if (e.MemoryGb is { } memory)
            {
                RequirePositive(memory, $"expert '{e.Name}' memory_gb");
            }

            if (e.MeanOutputTokens is { } tokens)
            {
                RequirePositive(tokens, $"expert '{e.Name}' mean_output_tokens");
            }

            if (e.LongestPromptSeconds is { } longest)
            {
                RequireNonNegative(longest, $"expert '{e.Name}' longest_prompt_s");
            }

            if (e.PromptCosts is { } costs)
            {
                if (costs.Count != e.Prompts)
                {
                    throw new InvalidInstanceException(
                        $"expert '{e.Name}' has {costs.Count} prompt costs for {e.Prompts} prompts");
                }

                for (var q = 0; q < costs.Count; q++)
                {
                    RequireNonNegative(costs[q], $"expert '{e.Name}' prompt cost #{q}");
                }
            }
        }

        var active = ActiveExperts.Count;
        if (active == 0)
        {
            throw new InvalidInstanceException("no expert has any prompts");
        }

        if ((long)MaxModelsPerWorker * Workers.Count < active)
        {
            throw new InvalidInstanceException(
                $"max_models_per_worker = {MaxModelsPerWorker} is too small: {Workers.Count} worker(s) can host at most "
                + $"{(long)MaxModelsPerWorker * Workers.Count} experts but {active} have prompts "
                + $"(need K >= {(active + Workers.Count - 1) / Workers.Count})");
        }

        return this;
    }

    private static void RequireName(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidInstanceException($"{what} is missing or empty");
        }
    }

    private static void RequireNonNegative(double value, string what)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new InvalidInstanceException($"{what} must be a finite number >= 0, got {value}");
        }
    }

    private static void RequirePositive(double value, string what)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new InvalidInstanceException($"{what} must be a finite number > 0, got {value}");
        }
    }
}
