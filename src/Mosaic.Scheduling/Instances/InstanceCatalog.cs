namespace Mosaic.Scheduling.Instances;

/// <summary>Resolves an <c>--instance</c> argument: a built-in <c>paper:*</c> name or a JSON file path.</summary>
public static class InstanceCatalog
{
    public static SchedulingInstance Resolve(string nameOrPath) =>
        nameOrPath.StartsWith("paper:", StringComparison.Ordinal)
            ? PaperInstances.Get(nameOrPath)
            : InstanceFile.Load(nameOrPath);
}
