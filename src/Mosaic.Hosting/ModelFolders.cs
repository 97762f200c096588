using Mosaic.Grains.Hosting;
using Mosaic.Inference;

namespace Mosaic.Hosting;

/// <summary>
/// Every expert's model folder checked before a host starts on the torchsharp backend (config, tokenizer, safetensors
/// headers against config.json; no weights read), so a missing folder or a corrupt checkpoint is one line at start
/// instead of a failed model load in the middle of a job.
/// </summary>
internal static class ModelFolders
{
    /// <exception cref="ModelFolderException">An expert's folder cannot be loaded; the message names the expert and the file.</exception>
    public static void Check(MosaicGrainsOptions grains)
    {
        if (grains.Backend != BackendKind.TorchSharp)
        {
            return;
        }

        // Experts that share a checkpoint folder share its check: loading a tokenizer can take a second of CPU.
        var checkedFolders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, expert) in grains.Experts.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!checkedFolders.Add(Path.GetFullPath(expert.ModelPath!)))
            {
                continue;
            }

            try
            {
                ModelValidator.Validate(expert.ModelPath!);
            }
            catch (ModelLoadException e)
            {
                throw new ModelFolderException($"expert '{name}': {e.Message}", e);
            }
        }
    }
}
