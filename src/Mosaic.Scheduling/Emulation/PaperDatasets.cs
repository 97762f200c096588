namespace Mosaic.Scheduling.Emulation;

/// <summary>The paper's published figures (digest: <c>mosaic-paper.md</c>), per benchmark and for the motivation study.</summary>
public static class PaperDatasets
{
    public static PaperDataset MmluPro { get; } = new(
        "paper:mmlu-pro", 2100, 10, 960 / 2100.0, (960 + 817) / 2100.0,
        2635.2, 1514.7, 870.5, 1557, 1668, 2427.6,
        0.6319, 0.0024, -0.0062, "LlamaR1");

    public static PaperDataset MedMcqa { get; } = new(
        "paper:medmcqa", 4183, 4, 0.4748, 0.9018,
        804.5, 516.49, 122.09, 526, 585, 648.6,
        0.5969, -0.0004, 0.0032, "Exaone");

    public static PaperDataset Gpqa { get; } = new(
        "paper:gpqa", 198, 4, 0.3737, 0.8737,
        2348.4, 348, 227.73, 896, 945, 1153.1,
        0.5657, 0.0100, 0.0049, "QwenR1");

    public static IReadOnlyList<PaperDataset> All { get; } = [MmluPro, MedMcqa, Gpqa];

    /// <summary>Mean expert output per question by agreement pattern on MMLU-Pro (§5.4): 1,064 / 1,915 / 2,696 tokens.</summary>
    public static PatternValues MmluProTokensByPattern { get; } = new(1064, 1915, 2696);

    /// <summary>MMLU-Pro 3:0 bucket (§4.2): the majority is right 82.92% of the time, the aggregator 82.40%.</summary>
    public const double MmluProUnanimousMajorityAccuracy = 0.8292;

    /// <summary>Full data parallelism on the default pool, MMLU-Pro (§3): DP 2,441 s against round robin's 2,663 s.</summary>
    public const double DataParallelSeconds = 2441;

    public const double DataParallelTableRoundRobinSeconds = 2663;

    /// <summary>Appendix A.6: at 137–239 prompts per shard these instruction experts lose 40–60% of their throughput …</summary>
    public static IReadOnlyList<string> ShardLossExperts { get; } = ["Qwen", "Exaone", "GLM"];

    /// <summary>… while Gemma's ~408-prompt quarter shards stay saturated.</summary>
    public static IReadOnlyList<string> SaturatedShardExperts { get; } = ["Gemma"];

    public const double ShardLossLow = 0.40;

    public const double ShardLossHigh = 0.60;

    public static PaperDataset Get(string instance) =>
        All.FirstOrDefault(d => d.Instance == instance)
        ?? throw new InvalidInstanceException(
            $"no published figures for instance '{instance}' (known: {string.Join(", ", All.Select(d => d.Instance))})");
}
