namespace Mosaic.Scheduling.Emulation;

/// <summary>
/// The calibrated emulator of one job: pure, deterministic for a seed, and answerable one call at a time, so the
/// pure simulator and a serving backend that sees single requests draw the same lengths, costs and answers.
/// <para>
/// Every question gets a latent difficulty (its rank among the job's questions in a seeded order), which fixes its
/// agreement pattern (the calibrated share of 3:0, 2:1 and 1:1:1 exactly), how much longer than average its experts
/// and aggregator write, and which slots are right. An expert call's output is log-normal around
/// Ō_m × the question's multiplier; its cost is its tokens at the expert's saturated rate; an engine run of n calls
/// lasts max(Σ costs, D(n)) (Appendix A.6). An aggregator call costs the prefill of what it reads plus the decode of
/// what it writes, and never less than its output decoded alone.
/// </para>
/// </summary>
public sealed class EmulationModel
{
    private const int Slots = EmulatedWorkload.SlotsPerQuestion;
    /// <summary>
    /// Each question's difficulty rank: its truth is drawn again from the seed on every call rather than kept, so a
    /// 100,000-question job holds one entry per question, not a record and an answer array.
    /// </summary>
    private readonly Dictionary<string, int> _ranks;
    private readonly int _seed;
    private readonly int _unanimous;
    private readonly int _skippable;

    public EmulationModel(EmulationProfile profile, IEnumerable<string> questionIds, int seed)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(questionIds);
        if (profile.AnswerOptions < Slots + 1)
        {
            throw new ArgumentException(
                $"profile '{profile.Instance}' has {profile.AnswerOptions} answer options; three distinct wrong answers need at least {Slots + 1}",
                nameof(profile));
        }

        Profile = profile;
        _seed = seed;
        var ids = questionIds.ToArray();
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Length)
        {
            throw new ArgumentException("question ids must be unique", nameof(questionIds));
        }

        var ranked = ids.OrderBy(id => new StableRandom(seed, "difficulty", id).NextUniform()).ThenBy(id => id, StringComparer.Ordinal).ToArray();
        _unanimous = (int)Math.Round(profile.Patterns.Unanimous * ranked.Length);
        _skippable = (int)Math.Round((profile.Patterns.Unanimous + profile.Patterns.Majority) * ranked.Length);
        _ranks = new Dictionary<string, int>(ranked.Length, StringComparer.Ordinal);
        for (var rank = 0; rank < ranked.Length; rank++)
        {
            _ranks[ranked[rank]] = rank;
        }
    }

    public EmulationModel(EmulationProfile profile, IEnumerable<EmulatedQuestion> questions, int seed)
        : this(profile, questions.Select(q => q.Id), seed)
    {
    }

    public EmulationProfile Profile { get; }

    public int QuestionCount => _ranks.Count;

    /// <summary>The per-run fixed cost of the paper's aggregator stage (load + TP = 4 start-up).</summary>
    public double AggregatorStageFixedSeconds => Profile.Aggregator.StageFixedSeconds;

    /// <summary>Engine start of one TP = 1 aggregator replica.</summary>
    public double AggregatorReplicaLoadSeconds => Profile.Aggregator.LoadSeconds;

    public QuestionTruth Question(string questionId)
    {
        var rank = RankOf(questionId);
        var pattern = rank < _unanimous ? AgreementPattern.Unanimous
            : rank < _skippable ? AgreementPattern.Majority
            : AgreementPattern.Split;
        return Truth(questionId, (rank + 0.5) / _ranks.Count, pattern);
    }

    /// <summary>ℓ_m: one engine start of <paramref name="expert"/> (TP = 1).</summary>
    public double LoadSeconds(string expert) => Profile.Expert(expert).LoadSeconds;

    /// <summary>D(n): the least generation time of one engine run of <paramref name="prompts"/> calls of <paramref name="expert"/>.</summary>
    public double RunFloorSeconds(string expert, int prompts) => Profile.Tail.FloorSeconds(Profile.Expert(expert).Kind, prompts);

    /// <summary>Generation time of one engine run given its calls' shares (speed already applied).</summary>
    public double RunSeconds(string expert, int prompts, double shareSeconds) =>
        Profile.Tail.GenerationSeconds(Profile.Expert(expert).Kind, prompts, shareSeconds);

    /// <summary>
    /// What <paramref name="expert"/> writes in slot <paramref name="slot"/> of a question, and what it costs;
    /// <paramref name="maxOutputTokens"/> is the call's own token limit, if it is tighter than the model's.
    /// </summary>
    public ExpertCallOutput ExpertCall(string expert, string questionId, int slot, int? maxOutputTokens = null)
    {
        var truth = Question(questionId);
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        var profile = Profile.Expert(expert);
        var random = new StableRandom(_seed, "expert", questionId, expert, slot);
        var tokens = LogNormalTokens(profile.MeanOutputTokens * truth.LengthMultiplier, profile.LengthSigma, random.NextNormal(),
            Cap(profile.MaxOutputTokens, maxOutputTokens));
        return new ExpertCallOutput(tokens, tokens * profile.SecondsPerToken, Choice(questionId, truth, slot));
    }

    /// <summary>
    /// The answer of a slot: the calibration covers the paper's three slots; a question routed to more (a pool without
    /// a router sends it to every expert) gets, in each extra slot, the answer of one of its first three slots drawn
    /// from the seed, so an extra expert sides with one of the calibrated ones.
    /// </summary>
    private int Choice(string questionId, QuestionTruth truth, int slot) =>
        slot < Slots ? truth.SlotChoices[slot] : truth.SlotChoices[new StableRandom(_seed, "extra slot", questionId, index: slot).NextInt(Slots)];

    /// <summary>
    /// What the aggregator reads and writes for a question, and what it costs where it runs. Pass the responses it
    /// actually receives (their experts and output tokens); <paramref name="maxOutputTokens"/> is the call's own token
    /// limit, if it is tighter than the aggregator's.
    /// </summary>
    public AggregatorCallOutput AggregatorCall(
        string questionId, IReadOnlyList<ExpertResponse> responses, AggregatorPlacement placement, int? maxOutputTokens = null)
    {
        ArgumentNullException.ThrowIfNull(responses);
        var truth = Question(questionId);
        var aggregator = Profile.Aggregator;
        var prompt = aggregator.QuestionTokens + responses.Sum(r =>
            Profile.Expert(r.Expert).Kind == ExpertKind.Reasoning ? aggregator.VisibleReasoningFraction * r.OutputTokens : r.OutputTokens);
        var random = new StableRandom(_seed, "aggregator", questionId);
        var runaway = truth.Pattern == AgreementPattern.Split && random.NextUniform() < aggregator.SplitRunawayProbability;
        var cap = Cap(aggregator.MaxTokens, maxOutputTokens);
        var body = LogNormalTokens(aggregator.BaseOutputTokens * truth.LengthMultiplier, aggregator.LengthSigma, random.NextNormal(), cap);
        var output = runaway ? cap : body;
        var promptTokens = (int)Math.Round(prompt);
        var share = aggregator.PrefillSecondsPerToken * promptTokens + aggregator.DecodeSecondsPerToken * output;
        return placement switch
        {
            AggregatorPlacement.TensorParallel => new AggregatorCallOutput(
                promptTokens, output, share, output * aggregator.SingleStreamSecondsPerToken, truth.AggregatorChoice),
            AggregatorPlacement.Replica => new AggregatorCallOutput(
                promptTokens, output, share * AggregatorEmulation.TensorParallelDegree,
                output * aggregator.ReplicaSingleStreamSecondsPerToken, truth.AggregatorChoice),
            _ => throw new ArgumentOutOfRangeException(nameof(placement), placement, "unknown aggregator placement"),
        };
    }

    /// <summary>Generation time of one aggregator run whose calls all start together: max(Σ shares, longest latency).</summary>
    public static double AggregatorRunSeconds(IEnumerable<AggregatorCallOutput> calls)
    {
        var total = 0.0;
        var longest = 0.0;
        foreach (var call in calls)
        {
            total += call.Seconds;
            longest = Math.Max(longest, call.LatencySeconds);
        }

        return Math.Max(total, longest);
    }

    /// <summary>
    /// The option letter of answer <paramref name="choice"/> on a question: choice 0 is the gold letter (the one given,
    /// or one drawn for the question), choice c ≥ 1 the c-th of the question's wrong letters in a seeded order.
    /// </summary>
    public string AnswerLetter(string questionId, int choice, string? gold = null)
    {
        RankOf(questionId);
        var options = Enumerable.Range(0, Profile.AnswerOptions).Select(i => ((char)('A' + i)).ToString()).ToList();
        gold ??= options[new StableRandom(_seed, "gold", questionId).NextInt(options.Count)];
        if (!options.Contains(gold, StringComparer.Ordinal))
        {
            throw new ArgumentException($"gold answer '{gold}' is not one of the options A–{options[^1]}", nameof(gold));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(choice);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(choice, options.Count);
        if (choice == 0)
        {
            return gold;
        }

        options.Remove(gold);
        var random = new StableRandom(_seed, "wrong", questionId);
        for (var i = options.Count - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (options[i], options[j]) = (options[j], options[i]);
        }

        return options[choice - 1];
    }

    private int RankOf(string questionId) =>
        _ranks.TryGetValue(questionId, out var rank)
            ? rank
            : throw new ArgumentException($"question '{questionId}' is not part of this emulated job", nameof(questionId));

    private QuestionTruth Truth(string id, double difficulty, AgreementPattern pattern)
    {
        var rates = Profile.Answers;
        var random = new StableRandom(_seed, "answers", id);
        var choices = new int[Slots];
        switch (pattern)
        {
            case AgreementPattern.Unanimous:
                Array.Fill(choices, random.NextUniform() < rates.MajorityCorrect.Unanimous ? 0 : 1);
                break;
            case AgreementPattern.Majority:
                var odd = random.NextInt(Slots);
                var (majority, minority) = random.NextUniform() < rates.MajorityCorrect.Majority ? (0, 1)
                    : random.NextUniform() < rates.MinorityCorrectWhenMajorityWrong ? (1, 0)
                    : (1, 2);
                for (var s = 0; s < Slots; s++)
                {
                    choices[s] = s == odd ? minority : majority;
                }

                break;
            default:
                var right = random.NextUniform() < rates.MajorityCorrect.Split ? random.NextInt(Slots) : -1;
                for (int s = 0, wrong = 1; s < Slots; s++)
                {
                    choices[s] = s == right ? 0 : wrong++;
                }

                break;
        }

        var aggregator = random.NextUniform() < rates.AggregatorCorrect[pattern] ? 0 : 1;
        return new QuestionTruth(id, difficulty, pattern, Profile.LengthMultipliers[pattern], choices, aggregator);
    }

    private static int Cap(int modelLimit, int? callLimit) =>
        callLimit is { } limit ? Math.Clamp(limit, 1, modelLimit) : modelLimit;

    private static int LogNormalTokens(double mean, double sigma, double normal, int cap) =>
        (int)Math.Clamp(Math.Round(mean * Math.Exp(sigma * normal - sigma * sigma / 2)), 1, cap);
}
