using Mosaic.Scheduling.Instances;

namespace Mosaic.Scheduling.Emulation;

/// <summary>
/// The one calibration of the emulator to the paper (derivation step by step in <c>docs/emulation.md</c>). Inputs are
/// the paper instances (Table 3 slots, per-prompt costs fitted to round robin) and <see cref="PaperDatasets"/>;
/// constants marked "assumed" are not published and are chosen a priori; "fitted" values are solved here from one
/// published figure each.
/// </summary>
public static class PaperCalibration
{
    /// <summary>Assumed shape of the run floor: it reaches 1 − 1/e of its plateau at about 50 prompts.</summary>
    public const double FloorShape = 0.02;

    /// <summary>Symbolic-MoE's max_tokens: 4,096 for instruction models, 32,768 for R1 models.</summary>
    public const int InstructMaxTokens = 4096;

    public const int ReasoningMaxTokens = 32768;

    /// <summary>Assumed log-normal spread of one call's output (the project's earlier trace model).</summary>
    public const double InstructLengthSigma = 0.6;

    public const double ReasoningLengthSigma = 0.45;

    public const double AggregatorLengthSigma = 0.5;

    /// <summary>Assumed: one sequence decodes this much faster at TP = 4 than on one GPU.</summary>
    public const double TensorParallelSingleStreamSpeedup = 2.5;

    /// <summary>Assumed saturated prefill rate of a 7–9B model on one A100.</summary>
    public const double PrefillTokensPerSecondPerGpu = 8000;

    /// <summary>Assumed: the aggregator reads a tenth of a reasoning trace (Symbolic-MoE cuts it before &lt;/think&gt;).</summary>
    public const double VisibleReasoningFraction = 0.1;

    /// <summary>Assumed: aggregator instructions plus the question.</summary>
    public const double AggregatorQuestionTokens = 300;

    /// <summary>Assumed: on 1:1:1 questions the aggregator is right 30% of the time, and one expert 60%.</summary>
    public const double SplitAggregatorAccuracy = 0.30;

    public const double SplitSomeExpertCorrect = 0.60;

    /// <summary>Assumed: on a 2:1 question whose majority is wrong, the lone answer is right half the time.</summary>
    public const double MinorityCorrectWhenMajorityWrong = 0.5;

    private static readonly Lazy<RunTail> LazyTail = new(() =>
    {
        var (low, high) = ShardFloorInterval();
        return new RunTail((low + high) / 2, ReasoningPlateauSeconds: 0, FloorShape);
    });

    private static readonly Lazy<double> LazyTensorParallelStartup = new(FitTensorParallelStartup);
    private static readonly Lazy<double> LazySplitRunaway = new(FitSplitRunaway);
    private static readonly Lazy<IReadOnlyDictionary<string, EmulationProfile>> LazyProfiles = new(() =>
        PaperDatasets.All.ToDictionary(d => d.Instance, Build, StringComparer.Ordinal));

    /// <summary>
    /// The experts' run floors: the instruction plateau fitted to Appendix A.6 (the middle of
    /// <see cref="ShardFloorInterval"/>), none for reasoning experts (flat in shard size, A.6).
    /// </summary>
    public static RunTail Tail => LazyTail.Value;

    /// <summary>
    /// Single-stream decode time of one token at TP = 1, read off the instruction plateau as 4,096 tokens (max_tokens)
    /// decoded alone: about 13 ms, i.e. 75 tokens/s for a 7–9B model on one A100.
    /// </summary>
    public static double SingleStreamSecondsPerToken => Tail.InstructPlateauSeconds / InstructMaxTokens;

    /// <summary>
    /// Fitted: what a TP = 4 engine pays on top of a load (process group, CUDA graphs), from MedMCQA's gated aggregator
    /// stage: an instruction aggregator with no runaway generations, whose stage is the fixed cost plus the 1:1:1
    /// questions' share of full aggregation's work, so the fixed cost is the one unknown.
    /// </summary>
    public static double TensorParallelStartupSeconds => LazyTensorParallelStartup.Value;

    /// <summary>Fitted: the chance a reasoning aggregator runs to max_tokens on a 1:1:1 question (MMLU-Pro's gated stage).</summary>
    public static double SplitRunawayProbability => LazySplitRunaway.Value;

    public static IReadOnlyList<string> Instances { get; } = PaperDatasets.All.Select(d => d.Instance).ToArray();

    public static EmulationProfile For(string instance) =>
        LazyProfiles.Value.TryGetValue(instance, out var profile)
            ? profile
            : throw new InvalidInstanceException(
                $"no emulation calibration for instance '{instance}' (known: {string.Join(", ", Instances)})");

    /// <summary>
    /// A profile for a pool configured by hand rather than one of the paper's: each model's own kind, load, τ and mean
    /// output (<paramref name="pool"/>), and <paramref name="aggregator"/> (one of them) as the aggregator, costed like
    /// the paper's (prefill of what it reads, decode of what it writes at the model's token rate, its mean output as the
    /// base length). The workload's statistics are MMLU-Pro's calibration (agreement patterns, longer traces on
    /// disagreements, who is right) with four answer options. A configured pool has no measured T(N), so its runs have
    /// no floor (linear, as the planner assumes), and no runaway generations (fitted to the paper's stage times only).
    /// </summary>
    public static EmulationProfile ForPool(IEnumerable<PoolModel> pool, string aggregator)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var models = pool.ToDictionary(m => m.Name, StringComparer.Ordinal);
        if (!models.TryGetValue(aggregator, out var agg))
        {
            throw new ArgumentException($"the aggregator '{aggregator}' is not one of the pool's models", nameof(aggregator));
        }

        foreach (var m in models.Values)
        {
            if (!(m.MeanOutputTokens > 0) || !(m.PerPromptSeconds >= 0) || !(m.LoadSeconds >= 0))
            {
                throw new ArgumentException($"pool model '{m.Name}' needs a positive mean output and non-negative costs", nameof(pool));
            }
        }

        var template = For(PaperDatasets.MmluPro.Instance);
        var experts = models.Values.ToDictionary(
            m => m.Name,
            m => new ExpertEmulation(m.Name, m.Kind, m.LoadSeconds, m.MeanOutputTokens, m.PerPromptSeconds / m.MeanOutputTokens,
                m.Kind == ExpertKind.Reasoning ? ReasoningLengthSigma : InstructLengthSigma, MaxTokens(m.Kind)),
            StringComparer.Ordinal);
        var aggregatorEmulation = template.Aggregator with
        {
            Model = agg.Name,
            Kind = agg.Kind,
            LoadSeconds = agg.LoadSeconds,
            DecodeSecondsPerToken = agg.PerPromptSeconds / agg.MeanOutputTokens / AggregatorEmulation.TensorParallelDegree,
            BaseOutputTokens = agg.MeanOutputTokens,
            SplitRunawayProbability = 0,
            MaxTokens = MaxTokens(agg.Kind),
        };
        return template with
        {
            Instance = "pool",
            AnswerOptions = 4,
            Experts = experts,
            Tail = RunTail.None,
            Aggregator = aggregatorEmulation,
        };
    }

    /// <summary>
    /// The interval of the instruction plateau D(∞) for which every Appendix A.6 statement holds on the MMLU-Pro data-parallel
    /// shards (largest quarter of N_m): Qwen, Exaone and GLM lose 40–60% of their throughput, Gemma stays saturated.
    /// </summary>
    public static (double Low, double High) ShardFloorInterval()
    {
        var instance = PaperInstances.Get(PaperDatasets.MmluPro.Instance);
        var low = 0.0;
        var high = double.PositiveInfinity;
        foreach (var expert in instance.ActiveExperts)
        {
            var shard = DataParallelShard(expert.Prompts, instance.Workers.Count);
            var work = shard * expert.PerPromptSeconds;
            var reach = 1 - Math.Pow(1 - FloorShape, shard);
            if (PaperDatasets.ShardLossExperts.Contains(expert.Name))
            {
                // loss = 1 − work / (D∞ · reach) ∈ [low, high]
                low = Math.Max(low, work / ((1 - PaperDatasets.ShardLossLow) * reach));
                high = Math.Min(high, work / ((1 - PaperDatasets.ShardLossHigh) * reach));
            }
            else if (PaperDatasets.SaturatedShardExperts.Contains(expert.Name))
            {
                high = Math.Min(high, work / reach);
            }
        }

        return low <= high
            ? (low, high)
            : throw new InvalidOperationException($"no run floor satisfies Appendix A.6: need D >= {low:0.0} s and <= {high:0.0} s");
    }

    /// <summary>The largest of N shards of <paramref name="prompts"/> prompts split evenly.</summary>
    public static int DataParallelShard(int prompts, int workers) => (prompts + workers - 1) / workers;

    /// <summary>
    /// Expected aggregator stage (TP = 4, calls batched after the barrier) for the given questions per pattern: the
    /// fixed cost plus the larger of the expected work Σ_b n_b·(prefill·P_b + decode·O_b) and, when 1:1:1 questions
    /// may run away, max_tokens decoded alone.
    /// </summary>
    public static double ExpectedAggregatorStageSeconds(EmulationProfile profile, PatternValues questions) =>
        profile.Aggregator.StageFixedSeconds + Math.Max(ExpectedAggregatorWorkSeconds(profile, questions), RunawayLatency(profile, questions));

    /// <summary>
    /// The mean TP = 1 share of one aggregator call over a paper dataset's questions: what the serving system's
    /// aggregator balancer predicts each call costs (it cannot know a call's output before running it). Equals
    /// (full aggregation − F) × 4 / questions by the fit of the base output.
    /// </summary>
    public static double ExpectedReplicaCallSeconds(EmulationProfile profile) =>
        AggregatorEmulation.TensorParallelDegree * PatternValues.All.Sum(b =>
            profile.Patterns[b] * ExpectedShare(profile, profile.Aggregator, MeanVisibleSlotTokens(profile), b));

    /// <summary>Σ_b n_b · E[share of a call on a question of pattern b] at TP = 4.</summary>
    public static double ExpectedAggregatorWorkSeconds(EmulationProfile profile, PatternValues questions)
    {
        var visible = MeanVisibleSlotTokens(profile);
        return PatternValues.All.Sum(b => questions[b] * ExpectedShare(profile, profile.Aggregator, visible, b));
    }

    private static double RunawayLatency(EmulationProfile profile, PatternValues questions) =>
        questions.Split > 0 && profile.Aggregator.SplitRunawayProbability > 0
            ? profile.Aggregator.MaxTokens * profile.Aggregator.SingleStreamSecondsPerToken
            : 0;

    /// <summary>
    /// p on MMLU-Pro: with the base output solved from full aggregation for each p, the gated stage (1:1:1 questions
    /// only) grows with p; bisect until it equals the paper's 870.5 s.
    /// </summary>
    private static double FitSplitRunaway()
    {
        var dataset = PaperDatasets.MmluPro;
        var splitOnly = SplitOnly(dataset);

        // A p so large that runaways alone exceed full aggregation leaves no room for a positive base output.
        double Gap(double p) => Build(dataset, p, TensorParallelStartupSeconds, requirePositiveBase: false) is { Aggregator.BaseOutputTokens: > 0 } profile
            ? ExpectedAggregatorStageSeconds(profile, splitOnly) - dataset.MosaicAggregatorSeconds
            : double.PositiveInfinity;

        if (Gap(0) >= 0)
        {
            return 0;
        }

        if (Gap(1) < 0)
        {
            throw new InvalidOperationException("no runaway probability reproduces MMLU-Pro's gated aggregator stage");
        }

        return Bisect(Gap, 0, 1);
    }

    /// <summary>
    /// The TP = 4 start-up on MedMCQA: with the base output solved from full aggregation for each start-up, the gated
    /// stage F + (1:1:1 work) grows with F, because the 1:1:1 questions carry less than all of full aggregation's work;
    /// bisect until it equals the paper's 122.09 s.
    /// </summary>
    private static double FitTensorParallelStartup()
    {
        var dataset = PaperDatasets.MedMcqa;
        if (AggregatorKind(dataset) != ExpertKind.Instruct)
        {
            throw new InvalidOperationException($"{dataset.Instance}: the start-up fit needs an instruction aggregator (no runaway generations)");
        }

        var splitOnly = SplitOnly(dataset);
        double Gap(double startup) =>
            ExpectedAggregatorStageSeconds(Build(dataset, splitRunaway: 0, startup), splitOnly) - dataset.MosaicAggregatorSeconds;

        const double highest = 60;
        if (Gap(0) > 0 || Gap(highest) < 0)
        {
            throw new InvalidOperationException($"no TP = 4 start-up in 0–{highest} s reproduces {dataset.Instance}'s gated aggregator stage");
        }

        return Bisect(Gap, 0, highest);
    }

    /// <summary>The root of an increasing <paramref name="gap"/> between <paramref name="low"/> (gap below 0) and <paramref name="high"/> (at or above 0).</summary>
    private static double Bisect(Func<double, double> gap, double low, double high)
    {
        for (var i = 0; i < 60; i++)
        {
            var mid = (low + high) / 2;
            (low, high) = gap(mid) < 0 ? (mid, high) : (low, mid);
        }

        return (low + high) / 2;
    }

    /// <summary>A dataset's question counts with only its 1:1:1 questions left: the ones a τ = 2/3 gate aggregates.</summary>
    private static PatternValues SplitOnly(PaperDataset dataset) =>
        Counts(dataset).Select((b, n) => b == AgreementPattern.Split ? n : 0);

    private static EmulationProfile Build(PaperDataset dataset) =>
        Build(dataset, AggregatorKind(dataset) == ExpertKind.Reasoning ? SplitRunawayProbability : 0, TensorParallelStartupSeconds);

    private static EmulationProfile Build(PaperDataset dataset, double splitRunaway, double tensorParallelStartup, bool requirePositiveBase = true)
    {
        var mmlu = PaperInstances.Get(PaperDatasets.MmluPro.Instance).Experts.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var instance = PaperInstances.Get(dataset.Instance);
        var experts = instance.Experts.ToDictionary(
            e => e.Name,
            e =>
            {
                // The dataset's costs are MMLU-Pro's times one factor; read as longer or shorter outputs at the same
                // token rate (throughput is a property of the model and the GPU, not of the questions).
                var lengthFactor = e.PerPromptSeconds / mmlu[e.Name].PerPromptSeconds;
                var mean = PaperInstances.MeanOutputTokens[e.Name] * lengthFactor;
                return new ExpertEmulation(e.Name, e.Kind, e.LoadSeconds, mean, e.PerPromptSeconds / mean,
                    e.Kind == ExpertKind.Reasoning ? ReasoningLengthSigma : InstructLengthSigma,
                    MaxTokens(e.Kind));
            },
            StringComparer.Ordinal);

        var patterns = dataset.Patterns;
        var lengths = PaperDatasets.MmluProTokensByPattern;
        var meanLength = lengths.WeightedBy(patterns);
        var multipliers = lengths.Select((_, l) => l / meanLength);

        var model = mmlu[dataset.AggregatorModel];
        var maxTokens = MaxTokens(model.Kind);
        var aggregator = new AggregatorEmulation(
            model.Name,
            model.Kind,
            model.LoadSeconds,
            tensorParallelStartup,
            1.0 / (AggregatorEmulation.TensorParallelDegree * PrefillTokensPerSecondPerGpu),
            model.PerPromptSeconds / PaperInstances.MeanOutputTokens[model.Name] / AggregatorEmulation.TensorParallelDegree,
            SingleStreamSecondsPerToken / TensorParallelSingleStreamSpeedup,
            SingleStreamSecondsPerToken,
            BaseOutputTokens: 1,
            AggregatorLengthSigma,
            splitRunaway,
            maxTokens,
            AggregatorQuestionTokens,
            VisibleReasoningFraction);

        var profile = new EmulationProfile(dataset.Instance, dataset.AnswerOptions, patterns, multipliers, experts, Tail, aggregator,
            Answers(dataset));
        var baseOutput = FitBaseOutput(profile, dataset);
        if (requirePositiveBase && baseOutput <= 0)
        {
            throw new InvalidOperationException($"{dataset.Instance}: full aggregation is shorter than its fixed and prefill costs");
        }

        return profile with { Aggregator = aggregator with { BaseOutputTokens = baseOutput } };
    }

    /// <summary>
    /// The aggregator's base output from full aggregation: the stage is F + Σ_b n_b (prefill·P_b + decode·O_b) with
    /// O_b = (1 − p_b)·base·G_b + p_b·max_tokens, which is linear in base. (Full aggregation is work-bound on every
    /// paper dataset; checked.)
    /// </summary>
    private static double FitBaseOutput(EmulationProfile profile, PaperDataset dataset)
    {
        var counts = Counts(dataset);
        var work = dataset.BaselineAggregatorSeconds - profile.Aggregator.StageFixedSeconds;
        if (work < RunawayLatency(profile, counts))
        {
            throw new InvalidOperationException($"{dataset.Instance}: full aggregation is shorter than one runaway generation");
        }

        var withZero = ExpectedAggregatorWorkSeconds(profile with { Aggregator = profile.Aggregator with { BaseOutputTokens = 0 } }, counts);
        var withOne = ExpectedAggregatorWorkSeconds(profile with { Aggregator = profile.Aggregator with { BaseOutputTokens = 1 } }, counts);
        return (work - withZero) / (withOne - withZero);
    }

    private static double ExpectedShare(EmulationProfile profile, AggregatorEmulation aggregator, double visibleSlotTokens, AgreementPattern b)
    {
        var multiplier = profile.LengthMultipliers[b];
        var prompt = aggregator.QuestionTokens + EmulatedWorkload.SlotsPerQuestion * visibleSlotTokens * multiplier;
        var runaway = b == AgreementPattern.Split ? aggregator.SplitRunawayProbability : 0;
        var output = (1 - runaway) * aggregator.BaseOutputTokens * multiplier + runaway * aggregator.MaxTokens;
        return aggregator.PrefillSecondsPerToken * prompt + aggregator.DecodeSecondsPerToken * output;
    }

    /// <summary>Mean tokens the aggregator reads per slot: Σ_m N_m Ō_m v_m / Σ_m N_m, v = 1 or the visible fraction.</summary>
    private static double MeanVisibleSlotTokens(EmulationProfile profile)
    {
        var instance = PaperInstances.Get(profile.Instance);
        return instance.ActiveExperts.Sum(e =>
        {
            var expert = profile.Expert(e.Name);
            var visible = expert.Kind == ExpertKind.Reasoning ? profile.Aggregator.VisibleReasoningFraction : 1;
            return e.Prompts * expert.MeanOutputTokens * visible;
        }) / instance.TotalPrompts;
    }

    private static int MaxTokens(ExpertKind kind) => kind == ExpertKind.Reasoning ? ReasoningMaxTokens : InstructMaxTokens;

    private static PatternValues Counts(PaperDataset dataset) => dataset.Patterns.Select((_, rate) => rate * dataset.Questions);

    private static ExpertKind AggregatorKind(PaperDataset dataset) =>
        PaperInstances.Get(PaperDatasets.MmluPro.Instance).Experts.Single(e => e.Name == dataset.AggregatorModel).Kind;

    /// <summary>
    /// Table 1 per dataset: full = Σ_b w_b a_b; the τ = 1 change is w_3:0 (m_3:0 − a_3:0); the τ = 2/3 change adds
    /// w_2:1 (m_2:1 − a_2:1). With m_3:0 (published for MMLU-Pro, assumed elsewhere) and a_1:1:1 assumed, the rest follows.
    /// </summary>
    private static AnswerRates Answers(PaperDataset dataset)
    {
        var w = dataset.Patterns;
        var unanimousMajority = PaperDatasets.MmluProUnanimousMajorityAccuracy;
        var unanimousAggregator = unanimousMajority - dataset.ConservativeAccuracyDelta / w.Unanimous;
        var majorityAggregator = (dataset.FullAggregatorAccuracy - w.Unanimous * unanimousAggregator - w.Split * SplitAggregatorAccuracy)
            / w.Majority;
        var majorityVote = majorityAggregator + (dataset.AggressiveAccuracyDelta - dataset.ConservativeAccuracyDelta) / w.Majority;
        var rates = new AnswerRates(
            new PatternValues(unanimousMajority, majorityVote, SplitSomeExpertCorrect),
            MinorityCorrectWhenMajorityWrong,
            new PatternValues(unanimousAggregator, majorityAggregator, SplitAggregatorAccuracy));
        foreach (var value in new[] { unanimousAggregator, majorityAggregator, majorityVote })
        {
            if (value is < 0 or > 1)
            {
                throw new InvalidOperationException($"{dataset.Instance}: Table 1 gives an accuracy outside [0, 1] ({value:0.####})");
            }
        }

        return rates;
    }
}
