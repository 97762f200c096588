using Mosaic.Grains.Hosting;
using Mosaic.Inference;

namespace Mosaic.Hosting;

/// <summary>
/// What a host on the torchsharp backend needs, checked before it starts: libtorch loads on this machine (with CUDA
/// when a CUDA device is asked for), and every
/// expert's model folder is whole (config, tokenizer, safetensors headers against config.json; no weights read). A
/// missing folder, a corrupt checkpoint or a libtorch that cannot load is one line at start instead of every call of
/// a job failing (the job then "completes" with no answer).
/// </summary>
internal static class ModelFolders
{
    /// <exception cref="ModelFolderException">
    /// libtorch cannot load, or an expert's folder cannot be loaded; the message names the expert and the file.
    /// </exception>
    public static void Check(MosaicGrainsOptions grains)
    {
        if (grains.Backend != BackendKind.TorchSharp)
        {
            return;
        }

        CheckLibTorch();
        if (grains.Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase) && !TorchRuntime.CudaAvailable)
        {
            // Otherwise every model load fails and a job "completes" with every call failed.
            throw new ModelFolderException(
                $"device '{grains.Device}' was asked for, but libtorch sees no CUDA device on this machine (a CPU build, or no GPU); use device 'cpu' or 'auto'");
        }

        // Experts that share a checkpoint folder share its check: loading a tokenizer can take a second of CPU.
        var checks = new Dictionary<string, ModelFolderCheck>(StringComparer.Ordinal);
        foreach (var (name, expert) in grains.Experts.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var folder = Path.GetFullPath(expert.ModelPath!);
            if (!checks.TryGetValue(folder, out var check))
            {
                try
                {
                    checks[folder] = check = ModelValidator.Check(expert.ModelPath!);
                }
                catch (ModelLoadException e)
                {
                    throw new ModelFolderException($"expert '{name}': {e.Message}", e);
                }
            }

            CheckLimits(name, expert, check);
        }
    }

    /// <summary>Limits that no call could meet fail the start, not every call of a job (each used to fail mid-job).</summary>
    private static void CheckLimits(string name, ExpertOptions expert, ModelFolderCheck check)
    {
        var positions = check.Config.MaxPositionEmbeddings;
        if (expert.ContextTokens > positions)
        {
            throw new ModelFolderException(
                $"expert '{name}': context_tokens {expert.ContextTokens} is more than the model's max_position_embeddings {positions} ({Path.Combine(expert.ModelPath!, "config.json")})");
        }

        var context = expert.ContextTokens ?? positions;
        var reserved = expert.MaxNewTokens ?? ExpertOptions.DefaultMaxNewTokens;
        var named = expert.MaxNewTokens is null ? $"the default max_new_tokens {reserved}" : $"max_new_tokens {reserved}";
        var room = context - reserved;
        if (room <= 0)
        {
            throw new ModelFolderException(
                $"expert '{name}': {named} leaves no room for a prompt in its context of {context} tokens{(expert.MaxNewTokens is null ? "; set max_new_tokens" : "")}");
        }

        // The instruction is in every expert call: a context it fills leaves no room for any question.
        if (check.InstructionTokens >= room)
        {
            throw new ModelFolderException(
                $"expert '{name}': its context of {context} tokens leaves {room} for the prompt after {named}, and the instruction alone takes {check.InstructionTokens} in its prompt format: no question would fit");
        }
    }

    private static void CheckLibTorch()
    {
        try
        {
            _ = TorchRuntime.LibTorchVersion;
        }
        catch (TypeInitializationException e)
        {
            // TorchSharp's own message says a package reference is missing, which is rarely the cause; its log of each
            // load attempt (printed above) names the library that failed.
            var cause = ErrorText.FirstLine(e.GetBaseException().Message);
            throw new ModelFolderException($"the torchsharp backend cannot load libtorch on this machine (TorchSharp: {cause})", e);
        }
    }
}
