using YamlDotNet.RepresentationModel;

namespace Mosaic.Deploy.Tests;

/// <summary>
/// The objects of a kustomization under infra/k8s, read from the files its <c>resources</c> list (plain YAML, no
/// kubectl needed), with helpers to walk them by path.
/// </summary>
internal sealed class KubernetesManifests
{
    private KubernetesManifests(string folder, IReadOnlyList<string> resources, IReadOnlyList<YamlMappingNode> objects)
    {
        Folder = folder;
        Resources = resources;
        Objects = objects;
    }

    public string Folder { get; }

    public IReadOnlyList<string> Resources { get; }

    public IReadOnlyList<YamlMappingNode> Objects { get; }

    public static KubernetesManifests Load(string relativeFolder)
    {
        var folder = Path.Combine(Repository.Root, relativeFolder);
        var kustomization = Documents(Path.Combine(folder, "kustomization.yaml")).Single();
        var resources = ((YamlSequenceNode)kustomization.Children["resources"]).Select(r => ((YamlScalarNode)r).Value!).ToArray();
        return new KubernetesManifests(folder, resources, resources.SelectMany(r => Documents(Path.Combine(folder, r))).ToArray());
    }

    public static IReadOnlyList<YamlMappingNode> Documents(string file)
    {
        using var reader = new StreamReader(file);
        var stream = new YamlStream();
        stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToArray();
    }

    public YamlMappingNode Single(string kind, string name) =>
        Objects.Single(o => Text(o, "kind") == kind && Text(o, "metadata.name") == name);

    public IEnumerable<YamlMappingNode> OfKind(string kind) => Objects.Where(o => Text(o, "kind") == kind);

    /// <summary>The node at a dotted path (keys may not contain dots; use <see cref="Child"/> for those), or null.</summary>
    public static YamlNode? At(YamlNode node, string path)
    {
        foreach (var key in path.Split('.'))
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            node = next;
        }

        return node;
    }

    public static string? Text(YamlNode node, string path) => (At(node, path) as YamlScalarNode)?.Value;

    public static YamlMappingNode Map(YamlNode node, string path) =>
        At(node, path) as YamlMappingNode ?? throw new InvalidOperationException($"no mapping at {path}");

    public static IReadOnlyList<YamlMappingNode> Items(YamlNode node, string path) =>
        (At(node, path) as YamlSequenceNode)?.OfType<YamlMappingNode>().ToArray() ?? [];

    public static IReadOnlyList<string> Strings(YamlNode node, string path) =>
        (At(node, path) as YamlSequenceNode)?.OfType<YamlScalarNode>().Select(s => s.Value!).ToArray() ?? [];

    public static string? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    /// <summary>A mapping of scalars (labels, annotations, a selector) as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> Scalars(YamlNode node, string path) =>
        (At(node, path) as YamlMappingNode)?.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value ?? "")
        ?? new Dictionary<string, string>();

    /// <summary>The pod template's only container of a workload.</summary>
    public static YamlMappingNode Container(YamlMappingNode workload, string name) =>
        Items(workload, "spec.template.spec.containers").Single(c => Text(c, "name") == name);

    /// <summary>A container's environment variable: its literal value, or "fieldRef:path" / "secret:name/key".</summary>
    public static string? Env(YamlMappingNode container, string name)
    {
        var variable = Items(container, "env").SingleOrDefault(e => Text(e, "name") == name);
        return variable is null ? null
            : Text(variable, "value") is { } value ? value
            : Text(variable, "valueFrom.fieldRef.fieldPath") is { } field ? $"fieldRef:{field}"
            : Text(variable, "valueFrom.secretKeyRef.name") is { } secret ? $"secret:{secret}/{Text(variable, "valueFrom.secretKeyRef.key")}"
            : "valueFrom";
    }

    /// <summary>A container's port number by the port's name.</summary>
    public static int Port(YamlMappingNode container, string name) =>
        int.Parse(Text(Items(container, "ports").Single(p => Text(p, "name") == name), "containerPort")!);
}
