using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Prompting;
using Mosaic.Inference;
using Mosaic.Inference.Generation;
using Mosaic.Inference.Prompting;
using Mosaic.Inference.Tokenization;
using Mosaic.Zoo.Tasks;
using Mosaic.Zoo.Training;

namespace Mosaic.Zoo.Tests;

public sealed class ZooPromptsTests
{
    private static readonly string Shipped = ZooPaths.DefaultDirectory(AppContext.BaseDirectory);

    public ZooPromptsTests()
    {
        TorchRuntime.Threads = 1;
    }

    [Fact]
    public void ShippedModelFolders_DeclareTheFormatTheyWereTrainedOn_AsARebuildWritesIt()
    {
        foreach (var spec in ZooCatalog.All)
        {
            var folder = Path.Combine(Shipped, spec.Name);
            var rebuilt = Path.Combine(Path.GetTempPath(), $"zoo-format-{Guid.NewGuid():N}");
            ZooPrompts.For(spec.Kind).Save(rebuilt);
            Assert.Equal(File.ReadAllText(Path.Combine(rebuilt, PlainPromptFormat.FileName)), File.ReadAllText(Path.Combine(folder, PlainPromptFormat.FileName)));
            Directory.Delete(rebuilt, recursive: true);

            using var model = LanguageModel.Load(folder, new ModelLoadOptions { Device = InferenceDevice.Cpu });
            Assert.Equal(ZooPrompts.For(spec.Kind).Suffix, Assert.IsType<PlainPromptFormat>(model.Prompt).Suffix);
        }
    }

    // The texts the zoo was trained on (before the formats existed) were question.Trim() + "\n" for an expert and
    // the builder's user part + "Final:\n" for the aggregator; the models' own formats must write exactly those,
    // also when the caller adds a system message as the serving path does.
    [Fact]
    public void ModelFormats_WriteExactlyTheTrainingTexts_ForEveryTestQuestion()
    {
        using var expert = LanguageModel.Load(Path.Combine(Shipped, "think-arith"), new ModelLoadOptions { Device = InferenceDevice.Cpu });
        using var aggregator = LanguageModel.Load(Path.Combine(Shipped, ZooCatalog.Aggregator.Name), new ModelLoadOptions { Device = InferenceDevice.Cpu });
        var random = new Random(5);
        foreach (var question in ZooDataset.Default.Test)
        {
            var trainedExpert = question.Text.Trim() + "\n";
            Assert.Equal(trainedExpert, ZooPrompts.Expert(question.Text));
            Assert.Equal(trainedExpert, expert.Prompt.Format([new ChatMessage("system", "Answer the question."), new ChatMessage("user", " " + question.Text + "\n")]));

            var responses = CandidateSynthesizer.Responses(question, random);
            var built = AggregatorPromptBuilder.Build(question.Text, responses, AnswerFormat.Number);
            var trainedAggregator = built.User + "Final:\n";
            Assert.Equal(trainedAggregator, ZooPrompts.Aggregator(question.Text, responses));
            Assert.Equal(trainedAggregator, aggregator.Prompt.Format(ZooPrompts.Messages(built)));
            Assert.Equal(trainedAggregator, aggregator.Prompt.Format(ZooPrompts.Messages(ZooPrompts.FitAggregator(aggregator, question.Text, responses, 32))));
        }
    }

    [Fact]
    public void PlainFormat_RejectsAssistantTurns_AndABadDeclarationNamesTheField()
    {
        Assert.Throws<PromptFormatException>(() => ZooPrompts.ExpertFormat.Format([new ChatMessage("user", "Q"), new ChatMessage("assistant", "A")]));

        var folder = Path.Combine(Path.GetTempPath(), $"zoo-format-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, PlainPromptFormat.FileName);
        File.WriteAllText(path, """{"format": "chatml", "suffix": "\n"}""");
        var error = Assert.Throws<ModelLoadException>(() => PlainPromptFormat.Load(path));
        Assert.Equal($"{path}: field 'format' must be \"plain\", got \"chatml\"", error.Message);
        File.WriteAllText(path, """{"format": "plain"}""");
        Assert.Equal($"{path}: field 'suffix' must be a string", Assert.Throws<ModelLoadException>(() => PlainPromptFormat.Load(path)).Message);
        Directory.Delete(folder, recursive: true);
    }

    // Acceptance (issue 9): an aggregator prompt three times the aggregator's context is trimmed and answered.
    [Fact]
    public void AggregatorPrompt_ThreeTimesTheContext_IsTrimmedAndAnswered()
    {
        const int context = 512;
        const int maxNewTokens = 32;
        var config = ZooCatalog.Aggregator.ToModelConfig() with { MaxPositionEmbeddings = context };
        using var model = LanguageModel.CreateRandom(config, ZooVocabulary.Create(), seed: 3, prompt: ZooPrompts.AggregatorFormat);
        const string question = "What is 65 + 5?";
        var responses = Enumerable.Range(1, 3).Select(i =>
            "<think>" + string.Concat(Enumerable.Repeat($"step {i}: 65 + 5, carry the one. ", 40)) + "</think>"
            + string.Concat(Enumerable.Repeat($"Expert {i} checks 65 + 5 digit by digit. ", 8)) + $"The answer is {69 + i}.").ToArray();

        var fitted = ZooPrompts.FitAggregator(model, question, responses, maxNewTokens);
        var untrimmed = model.CountPromptTokens(ZooPrompts.Messages(AggregatorPromptBuilder.Build(question, responses, AnswerFormat.Number)));
        var rawLength = model.Tokenizer.Encode(string.Concat(responses)).Count;

        Assert.True(rawLength >= 3 * context, $"the responses are {rawLength} tokens, not 3x the context");
        Assert.True(untrimmed > context, "even without reasoning the prompt should not fit");
        Assert.True(fitted.Trimming.Trimmed);
        Assert.Equal(3, fitted.Trimming.ReasoningStripped);
        Assert.Equal(3, fitted.Trimming.ResponsesCut);
        Assert.Equal(untrimmed, fitted.Trimming.TokensBefore);
        Assert.Contains($"Question:\n{question}\n", fitted.User);
        Assert.Contains("The answer is 70.", fitted.User);
        var prompt = model.Prompt.Format(ZooPrompts.Messages(fitted));
        Assert.Equal(fitted.Trimming.Tokens, model.Tokenizer.Encode(prompt).Count);

        var result = model.Generate(new GenerationRequest(prompt, maxNewTokens));

        Assert.InRange(result.InputTokens, 1, context - maxNewTokens);
        Assert.InRange(result.OutputTokens, 1, maxNewTokens);
        Assert.NotEmpty(result.Text);
    }
}
