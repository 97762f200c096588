using System.Text.Json;
using YamlDotNet.RepresentationModel;
using static Mosaic.Deploy.Tests.KubernetesManifests;

namespace Mosaic.Deploy.Tests;

/// <summary>
/// infra/k8s/base as it would be applied: the silo StatefulSet's HTTP probes, scrape annotations and Kubernetes
/// hosting (identity and RBAC), the dashboard kept off and unexposed, the HTTP gateway's Deployment and Service wired
/// to each other and to the silos, and every Service pointing at real pods and ports.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly KubernetesManifests Base = Load("infra/k8s/base");

    private static YamlMappingNode Silos => Base.Single("StatefulSet", "mosaic-gpu");

    private static YamlMappingNode Gateway => Base.Single("Deployment", "mosaic-gateway");

    [Fact]
    public void Kustomization_ListsEveryManifestOfTheFolder()
    {
        var files = Directory.GetFiles(Base.Folder, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order();

        Assert.Equal(files, Base.Resources.Order());
        Assert.Contains("../base", Strings(Documents(Path.Combine(Repository.Root, "infra/k8s/torchsharp/kustomization.yaml")).Single(), "resources"));
    }

    [Fact]
    public void SiloStatefulSet_ProbesAreHttpOnTheAdminPortThatPrometheusScrapes()
    {
        var silo = Container(Silos, "silo");
        var annotations = Scalars(Silos, "spec.template.metadata.annotations");

        foreach (var (probe, path) in new[] { ("startupProbe", "/healthz"), ("livenessProbe", "/healthz"), ("readinessProbe", "/readyz") })
        {
            Assert.Null(At(silo, $"{probe}.tcpSocket"));
            Assert.Equal(path, Text(silo, $"{probe}.httpGet.path"));
            Assert.Equal("admin", Text(silo, $"{probe}.httpGet.port"));
        }

        Assert.Equal($"{Port(silo, "admin")}", Env(silo, "Silo__AdminPort"));
        Assert.Equal("true", annotations["prometheus.io/scrape"]);
        Assert.Equal($"{Port(silo, "admin")}", annotations["prometheus.io/port"]);
        Assert.Equal("/metrics", annotations["prometheus.io/path"]);
    }

    [Fact]
    public void SiloStatefulSet_KubernetesHosting_HasThePodsIdentityAndOnlyPodPermissions()
    {
        var silo = Container(Silos, "silo");
        var labels = Scalars(Silos, "spec.template.metadata.labels");
        var account = Text(Silos, "spec.template.spec.serviceAccountName");
        var binding = Base.OfKind("RoleBinding").Single(b => Items(b, "subjects").Any(s => Text(s, "kind") == "ServiceAccount" && Text(s, "name") == account));
        var role = Base.Single("Role", Text(binding, "roleRef.name")!);

        Assert.Equal("true", Env(silo, "Silo__KubernetesHosting"));
        Assert.Equal("fieldRef:metadata.name", Env(silo, "POD_NAME"));
        Assert.Equal("fieldRef:metadata.namespace", Env(silo, "POD_NAMESPACE"));
        Assert.Equal("fieldRef:status.podIP", Env(silo, "POD_IP"));
        Assert.Equal(Env(silo, "POD_NAME"), Env(silo, "Silo__Name"));
        Assert.Equal(Env(silo, "Silo__ServiceId"), labels["orleans/serviceId"]);
        Assert.Equal(Env(silo, "Silo__ClusterId"), labels["orleans/clusterId"]);
        Assert.Equal("true", Text(Silos, "spec.template.spec.automountServiceAccountToken"));
        Assert.NotNull(account);
        Base.Single("ServiceAccount", account);
        var rule = Assert.Single(Items(role, "rules"));
        Assert.Equal(["pods"], Strings(rule, "resources"));
        Assert.Equal(["get", "list", "patch", "watch"], Strings(rule, "verbs").Order());
    }

    [Fact]
    public void SiloStatefulSet_Dashboard_OffByDefaultWithCredentialsFromASecretAndOnNoService()
    {
        var silo = Container(Silos, "silo");

        Assert.Equal("false", Env(silo, "Silo__Dashboard__Enabled"));
        Assert.Equal("secret:mosaic-dashboard/username", Env(silo, "Silo__Dashboard__Username"));
        Assert.Equal("secret:mosaic-dashboard/password", Env(silo, "Silo__Dashboard__Password"));
        var exposed = Base.OfKind("Service").SelectMany(s => Items(s, "spec.ports")).Select(p => Text(p, "targetPort"));
        Assert.DoesNotContain("admin", exposed);
        Assert.DoesNotContain($"{Port(silo, "admin")}", exposed);
    }

    [Fact]
    public void Gateway_DeploymentJoinsTheSilosClusterAndStoreAndIsScrapedAndProbed()
    {
        var gateway = Container(Gateway, "gateway");
        var silo = Container(Silos, "silo");
        var annotations = Scalars(Gateway, "spec.template.metadata.annotations");

        foreach (var variable in new[] { "Mosaic__Storage__Provider", "Mosaic__Storage__ConnectionString", "Silo__ClusterId", "Silo__ServiceId" })
        {
            Assert.Equal(Env(silo, variable), Env(gateway, variable));
        }

        foreach (var (probe, path) in new[] { ("startupProbe", "/healthz"), ("livenessProbe", "/healthz"), ("readinessProbe", "/readyz") })
        {
            Assert.Equal(path, Text(gateway, $"{probe}.httpGet.path"));
            Assert.Equal("http", Text(gateway, $"{probe}.httpGet.port"));
        }

        Assert.Equal($"{Port(gateway, "http")}", Env(gateway, "ASPNETCORE_HTTP_PORTS"));
        Assert.Equal($"{Port(gateway, "http")}", annotations["prometheus.io/port"]);
        Assert.Equal("true", annotations["prometheus.io/scrape"]);
        Assert.NotEqual("Development", Env(gateway, "ASPNETCORE_ENVIRONMENT"));
        Assert.StartsWith("secret:", Env(gateway, "Mosaic__Gateway__ApiKeys__0"));
        Assert.Null(At(Gateway, "spec.template.spec.nodeSelector"));
        Assert.DoesNotContain("nvidia.com/gpu", Scalars(gateway, "resources.limits").Keys);
        Assert.Contains("nvidia.com/gpu", Scalars(silo, "resources.limits").Keys);
    }

    [Theory]
    [InlineData("StatefulSet", "mosaic-gpu", "silo", "silo.Dockerfile", "Mosaic.Silo")]
    [InlineData("Deployment", "mosaic-gateway", "gateway", "gateway.Dockerfile", "Mosaic.Gateway")]
    public void EachImage_HasADockerfileThatPublishesItsHostRunsAsThePodsUserAndExposesItsPorts(string kind, string name, string container, string dockerfile, string project)
    {
        var workload = Base.Single(kind, name);
        var text = File.ReadAllText(Path.Combine(Repository.Root, "infra", "docker", dockerfile));
        var image = Text(Container(workload, container), "image")!;

        Assert.Contains($"/{container}:", image);
        Assert.Contains($"dotnet publish src/{project}/{project}.csproj", text);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{project}.dll\"]", text);
        Assert.Contains("USER ${APP_UID}", text);
        Assert.Equal("1654", Text(workload, "spec.template.spec.securityContext.runAsUser"));
        var exposed = text.Split('\n').Where(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal)).SelectMany(l => l["EXPOSE ".Length..].Split(' ')).ToHashSet();
        Assert.All(Items(Container(workload, container), "ports"), p => Assert.Contains(Child(p, "containerPort")!, exposed));
        Assert.True(File.Exists(Path.Combine(Repository.Root, "infra", "docker", dockerfile + ".dockerignore")), $"{dockerfile} has no allow-list of its build context");
    }

    /// <summary>The gateway's replicas survive drains and rollouts (h6, 2026-12-06: no budget, no spread, no preStop delay).</summary>
    [Fact]
    public void Gateway_OneReplicaAtATimeGoesAway_SpreadOverNodes_AndWaitsForTheServiceBeforeStopping()
    {
        var gateway = Container(Gateway, "gateway");
        var labels = Scalars(Gateway, "spec.template.metadata.labels");
        var budget = Base.Single("PodDisruptionBudget", "mosaic-gateway");
        var spread = Assert.Single(Items(Gateway, "spec.template.spec.topologySpreadConstraints"));
        var preStop = int.Parse(Text(gateway, "lifecycle.preStop.sleep.seconds")!);
        var grace = int.Parse(Text(Gateway, "spec.template.spec.terminationGracePeriodSeconds")!);
        var hostBudget = int.Parse(Env(gateway, "DOTNET_shutdownTimeoutSeconds")!);

        Assert.Equal("1", Text(budget, "spec.maxUnavailable"));
        Assert.Equal(Scalars(Gateway, "spec.selector.matchLabels"), Scalars(budget, "spec.selector.matchLabels"));
        Assert.True(int.Parse(Text(Gateway, "spec.replicas")!) > 1);
        Assert.Equal("kubernetes.io/hostname", Text(spread, "topologyKey"));
        Assert.All(Scalars(spread, "labelSelector.matchLabels"), s => Assert.Equal(s.Value, labels[s.Key]));
        Assert.InRange(preStop, 3, 10);
        Assert.True(grace > preStop + hostBudget, $"terminationGracePeriodSeconds {grace} must exceed the preStop sleep {preStop} s plus the host's {hostBudget} s");
        Assert.Equal("", Env(gateway, "Mosaic__Gateway__OtlpEndpoint"));
        Assert.Equal(Env(Container(Silos, "silo"), "Silo__OtlpEndpoint"), Env(gateway, "Mosaic__Gateway__OtlpEndpoint"));
    }

    /// <summary>The silos write JSON lines (Silo__JsonLogs): a console formatter in their configuration would be dead and misleading.</summary>
    [Fact]
    public void SiloConfiguration_HasNoConsoleFormatter_SinceJsonLogsWin()
    {
        var config = Map(Base.Single("ConfigMap", "mosaic-config"), "data");
        using var silos = JsonDocument.Parse(Child(config, "appsettings.json")!);

        Assert.Equal("true", Env(Container(Silos, "silo"), "Silo__JsonLogs"));
        Assert.False(silos.RootElement.GetProperty("Logging").TryGetProperty("Console", out _));
    }

    [Fact]
    public void Gateway_ServesThePoolTheSilosHost()
    {
        var config = Map(Base.Single("ConfigMap", "mosaic-config"), "data");
        using var silos = JsonDocument.Parse(Child(config, "appsettings.json")!);
        using var gateway = JsonDocument.Parse(Child(config, "gateway.json")!);
        var mount = Items(Container(Gateway, "gateway"), "volumeMounts").Single(m => Text(m, "mountPath") == "/app/appsettings.json");
        var volume = Items(Gateway, "spec.template.spec.volumes").Single(v => Text(v, "name") == Text(mount, "name"));

        var experts = silos.RootElement.GetProperty("Mosaic").GetProperty("Experts").EnumerateObject().Select(e => e.Name).ToHashSet();
        var pool = gateway.RootElement.GetProperty("Mosaic").GetProperty("Pool");
        var served = pool.GetProperty("Experts").EnumerateArray().Select(e => e.GetString()!).Append(pool.GetProperty("Aggregator").GetString()!);
        Assert.All(served, e => Assert.Contains(e, experts));
        Assert.Equal(experts.Count, served.Count());
        Assert.Equal("gateway.json", Text(mount, "subPath"));
        Assert.Equal("mosaic-config", Text(volume, "configMap.name"));
    }

    /// <summary>Every setting of every expert in the silos' configuration is one the silo reads (the map carried an "EmulatedAccuracy" nothing read until 2026-12-05).</summary>
    [Fact]
    public void SiloExperts_SetOnlySettingsTheSiloReads()
    {
        var config = Map(Base.Single("ConfigMap", "mosaic-config"), "data");
        using var silos = JsonDocument.Parse(Child(config, "appsettings.json")!);
        var known = typeof(Mosaic.Grains.Hosting.ExpertOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var settings = silos.RootElement.GetProperty("Mosaic").GetProperty("Experts").EnumerateObject()
            .SelectMany(expert => expert.Value.EnumerateObject().Select(setting => $"{expert.Name}.{setting.Name}")).ToArray();

        Assert.NotEmpty(settings);
        Assert.All(settings, s => Assert.Contains(s[(s.IndexOf('.', StringComparison.Ordinal) + 1)..], known));
    }

    [Fact]
    public void Services_EachSelectsTheOneWorkloadItNamesAndTargetsItsPorts()
    {
        var workloads = Base.OfKind("StatefulSet").Concat(Base.OfKind("Deployment")).ToArray();
        var gateway = Base.Single("Service", "mosaic-gateway");

        foreach (var service in Base.OfKind("Service"))
        {
            var selector = Scalars(service, "spec.selector");
            var selected = Assert.Single(workloads, w => selector.All(s => Scalars(w, "spec.template.metadata.labels").GetValueOrDefault(s.Key) == s.Value));
            var ports = Items(selected, "spec.template.spec.containers").SelectMany(c => Items(c, "ports")).ToArray();
            Assert.All(Items(service, "spec.ports"), p => Assert.Contains(ports, c => Text(c, "name") == Text(p, "targetPort")));
        }

        Assert.Equal("ClusterIP", Text(gateway, "spec.type"));
        Assert.Same(Gateway, workloads.Single(w => Scalars(gateway, "spec.selector").All(s => Scalars(w, "spec.template.metadata.labels").GetValueOrDefault(s.Key) == s.Value)));
    }

    [Fact]
    public void IngressTemplate_PublishesOnlyTheGatewayService()
    {
        var ingress = Documents(Path.Combine(Repository.Root, "infra/k8s/templates/gateway-ingress.yaml")).Single();
        var backends = Items(ingress, "spec.rules").SelectMany(r => Items(r, "http.paths")).Select(p => Text(p, "backend.service.name")).Distinct();

        Assert.Equal(["mosaic-gateway"], backends);
        Assert.All(Items(ingress, "spec.rules").SelectMany(r => Items(r, "http.paths")), p => Assert.Equal("http", Text(p, "backend.service.port.name")));
    }
}
