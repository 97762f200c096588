using Mosaic.Scheduling.Instances;

namespace Mosaic.Scheduling.Tests;

public sealed class InstanceFileTests
{
    private const string Valid = """
        {"name": "demo", "max_models_per_worker": 2,
         "workers": [{"id": "a", "memory_gb": 80, "speed": 1.5}, {"id": "b"}],
         "experts": [
           {"name": "r1", "kind": "reasoning", "load_s": 45, "per_prompt_s": 2.3, "prompts": 100, "memory_gb": 30},
           {"name": "inst", "kind": "instruct", "load_s": 40, "per_prompt_s": 0.13, "prompts": 500}]}
        """;

    [Fact]
    public void Parse_ReadsEveryField()
    {
        var instance = InstanceFile.Parse(Valid);

        Assert.Equal("demo", instance.Name);
        Assert.Equal(2, instance.MaxModelsPerWorker);
        Assert.Equal(new WorkerSpec("a", 80, 1.5), instance.Workers[0]);
        Assert.Equal(new WorkerSpec("b"), instance.Workers[1]);
        Assert.Equal(ExpertKind.Reasoning, instance.Experts[0].Kind);
        Assert.Equal(30, instance.Experts[0].MemoryGb);
        Assert.Equal(500, instance.Experts[1].Prompts);
    }

    [Fact]
    public void Parse_AcceptsAWorkerCount()
    {
        var instance = InstanceFile.Parse(Valid.Replace("""[{"id": "a", "memory_gb": 80, "speed": 1.5}, {"id": "b"}]""", "3"));

        Assert.Equal(["gpu0", "gpu1", "gpu2"], instance.Workers.Select(w => w.Id));
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "top level must be a JSON object")]
    [InlineData("""{"max_models_per_worker": 2, "workers": 0, "experts": []}""", "'workers' must be a positive integer")]
    [InlineData("""{"max_models_per_worker": 2, "workers": 2}""", "'experts' is missing")]
    [InlineData("""{"workers": 2, "experts": []}""", "max_models_per_worker is missing")]
    [InlineData("""{"max_models_per_worker": 2, "workers": 2, "experts": [{"name": "x", "kind": "instruct", "per_prompt_s": 1, "prompts": 3}]}""", "experts[0] ('x').load_s is missing")]
    [InlineData("""{"max_models_per_worker": 2, "workers": 2, "experts": [{"name": "x", "kind": "instruct", "load_s": -1, "per_prompt_s": 1, "prompts": 3}]}""", "load_s must not be negative")]
    [InlineData("""{"max_models_per_worker": 2, "workers": 2, "experts": [{"name": "x", "kind": "wizard", "load_s": 1, "per_prompt_s": 1, "prompts": 3}]}""", "kind must be")]
    [InlineData("""{"max_models_per_worker": 2, "workers": 2, "experts": [{"name": "x", "kind": "instruct", "load_s": 1, "per_prompt_s": 1, "prompts": 2.5}]}""", "prompts must be an integer")]
    [InlineData("""{"max_models_per_worker": 1, "workers": 1, "experts": [{"name": "x", "kind": "instruct", "load_s": 1, "per_prompt_s": 1, "prompts": 2}, {"name": "y", "kind": "instruct", "load_s": 1, "per_prompt_s": 1, "prompts": 2}]}""", "max_models_per_worker = 1 is too small")]
    [InlineData("""{"max_models_per_worker": 2, "workers": 2, "experts": [{"name": "x", "kind": "instruct", "load_s": 1, "per_prompt_s": 1, "prompts": 0}]}""", "no expert has any prompts")]
    [InlineData("""{"max_models_per_worker": 2, "workers": 2, "experts": [{"name": "x", "kind": "instruct", "load_s": 1, "per_prompt_s": 1, "prompts": 2}, {"name": "x", "kind": "instruct", "load_s": 1, "per_prompt_s": 1, "prompts": 2}]}""", "appears twice")]
    [InlineData("""{"max_models_per_worker": 2, "workers": [{"id": "a", "speed": 0}], "experts": [{"name": "x", "kind": "instruct", "load_s": 1, "per_prompt_s": 1, "prompts": 2}]}""", "speed must be a finite number > 0")]
    // Misspelt fields took their defaults without a word until 2026-12-05 (a worker at speed 1 instead of 0.8).
    [InlineData("""{"max_models_per_worker": 2, "workers": [{"id": "a", "speeed": 0.8}], "experts": [{"name": "x", "kind": "instruct", "load_s": 1, "per_prompt_s": 1, "prompts": 2}]}""", "workers[0].speeed is not a field of an instance file here (the fields are id, memory_gb, speed)")]
    [InlineData("""{"max_models_per_worker": 2, "workers": 2, "experts": [{"name": "x", "kind": "instruct", "load_s": 1, "per_prompt_s": 1, "prompts": 2, "memory": 30}]}""", "experts[0] ('x').memory is not a field")]
    [InlineData("""{"max_models_per_workers": 2, "workers": 2, "experts": []}""", "'max_models_per_workers' is not a field")]
    public void Parse_NamesTheProblem(string json, string expected)
    {
        var error = Assert.Throws<InvalidInstanceException>(() => InstanceFile.Parse(json));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Load_NamesAnUnreadableFile()
    {
        var error = Assert.Throws<InvalidInstanceException>(() => InstanceFile.Load("/nonexistent/instance.json"));

        Assert.Contains("/nonexistent/instance.json", error.Message);
    }

    [Fact]
    public void Catalog_RejectsAnUnknownPaperInstance()
    {
        var error = Assert.Throws<InvalidInstanceException>(() => InstanceCatalog.Resolve("paper:aime"));

        Assert.Contains("unknown instance 'paper:aime'", error.Message);
    }
}
