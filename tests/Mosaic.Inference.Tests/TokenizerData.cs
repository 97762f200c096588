using System.Security.Cryptography;
using System.Text.Json;

namespace Mosaic.Inference.Tests;

/// <summary>
/// The real tokenizer.json files (fetched by infra/scripts/fetch-tokenizers.sh into a cache outside git) and the
/// committed reference ids (TokenizerData/reference.json, recorded with Hugging Face's JavaScript tokenizers).
/// </summary>
internal static class TokenizerData
{
    public const string Variable = "MOSAIC_TOKENIZER_DATA";

    private static readonly Lazy<TokenizerReference> Loaded = new(LoadReference);

    /// <summary>$MOSAIC_TOKENIZER_DATA, else ~/.cache/mosaic/tokenizers (the fetch script's default).</summary>
    public static string Directory =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "mosaic", "tokenizers");

    /// <summary>The files the fetch script brings, relative to <see cref="Directory"/>.</summary>
    public static readonly string[] Expected =
        ["qwen3/tokenizer.json", "llama3/tokenizer.json", "llama2/tokenizer.json", "deepseek-v3/tokenizer.json", "NormalizationTest.txt"];

    /// <summary>Whether the tests over fetched files should be skipped: outside CI, when any file is missing.</summary>
    public static string? SkipReason =>
        IsCi || Expected.All(f => System.IO.File.Exists(Path.Combine(Directory, f))) ? null
        : $"the tokenizer test data is not in {Directory}: run infra/scripts/fetch-tokenizers.sh (CI runs it before the tests and fails without it)";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static TokenizerReference ReferenceCases => Loaded.Value;

    /// <summary>The path of a fetched file; fails with the fix when it is missing.</summary>
    public static string File(params string[] parts)
    {
        var path = Path.Combine([Directory, .. parts]);
        Assert.True(System.IO.File.Exists(path), $"{path} is missing: run infra/scripts/fetch-tokenizers.sh (or set {Variable})");
        return path;
    }

    /// <summary>The tokenizer.json of a reference tokenizer, checked against the hash the reference ids were recorded with.</summary>
    public static string TokenizerJson(string name)
    {
        var path = File(name, "tokenizer.json");
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.IO.File.ReadAllBytes(path)));
        Assert.True(hash == ReferenceCases.Tokenizers[name].Sha256,
            $"{path} has SHA-256 {hash}, but the reference ids were recorded for {ReferenceCases.Tokenizers[name].Sha256} ({ReferenceCases.Tokenizers[name].Source})");
        return path;
    }

    private static TokenizerReference LoadReference()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TokenizerData", "reference.json");
        return JsonSerializer.Deserialize<TokenizerReference>(System.IO.File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidDataException($"{path} is empty");
    }
}
