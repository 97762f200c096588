using Mosaic.Inference.Modules;
using Mosaic.Inference.SafeTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Mosaic.Inference.Loading;

/// <summary>
/// Fills a freshly built (uninitialised) model from a Hugging Face folder after <see cref="CheckpointLayout"/> has
/// checked that the checkpoint holds exactly the tensors config.json implies, so nothing is silently dropped.
/// </summary>
internal static class CheckpointLoader
{
    public static void Load(CausalLanguageModel model, string directory)
    {
        using var files = CheckpointFiles.Open(directory);
        CheckpointLayout.Check(files, model.Config);
        var parameters = model.CheckpointParameters().ToList();
        var expected = CheckpointLayout.Expected(model.Config);
        if (parameters.Count != expected.Count || parameters.Any(p => !expected.TryGetValue(p.Name, out var shape) || !shape.SequenceEqual(p.Parameter.shape)))
        {
            throw new InvalidOperationException("the module tree and CheckpointLayout disagree about the model's tensors");
        }

        using var _ = torch.no_grad();
        foreach (var (name, parameter) in parameters)
        {
            files.Owner[name].ReadInto(name, parameter);
        }
    }

    public static void Save(CausalLanguageModel model, string directory)
    {
        Directory.CreateDirectory(directory);
        var tensors = model.CheckpointParameters().Select(p => new KeyValuePair<string, Tensor>(p.Name, p.Parameter));
        SafeTensorsWriter.Write(Path.Combine(directory, CheckpointFiles.SingleFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
    }
}
