using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ProBono.AppHost.Infrastructure;

internal enum InfraMode
{
    Auto,
    Containers,
    Local,
    ConnectionStrings,
}

/// <summary>
/// Where PostgreSQL and RabbitMQ come from (<c>Infra:Mode</c>, docs/adr/0004-infrastructure-modes.md), and how a
/// service is wired to them: its own database on the one PostgreSQL server, and the broker.
/// </summary>
internal abstract class Infra
{
    public const string MessagingConnection = "messaging";

    public abstract InfraMode Mode { get; }

    /// <summary>The resources every service waits for; the startup watchdog watches them too.</summary>
    public abstract IReadOnlyList<IResourceBuilder<IResource>> Servers { get; }

    public abstract IResourceBuilder<ProjectResource> Wire(IResourceBuilder<ProjectResource> service, string connectionName, string database);

    public static Infra Add(IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return ForPublishing(builder);
        }
        var configured = builder.Configuration["Infra:Mode"] ?? "auto";
        if (!Enum.TryParse<InfraMode>(configured.Replace("-", ""), ignoreCase: true, out var mode))
        {
            throw new DistributedApplicationException(
                $"Infra:Mode '{configured}' is not one of containers, local, connectionstrings, auto.");
        }
        if (mode == InfraMode.Auto)
        {
            mode = ContainerInfra.CanRun(builder.Configuration, out var why) ? InfraMode.Containers : InfraMode.Local;
            Console.WriteLine($"Infra:Mode=auto chose '{mode.ToString().ToLowerInvariant()}': {why}");
        }
        return mode switch
        {
            InfraMode.Containers => new ContainerInfra(builder),
            InfraMode.Local => new LocalInfra(builder),
            _ => new ConnectionStringInfra(builder),
        };
    }

    /// <summary>
    /// A manifest holds only what a deployment target can use, whatever <c>Infra:Mode</c> says (ADR 15):
    /// <c>Infra:Publish=connectionstrings</c> (default: a secret parameter per database and one for the broker) or
    /// <c>containers</c> (Aspire's images, their passwords generated parameters).
    /// </summary>
    private static Infra ForPublishing(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration["Infra:Publish"] ?? "connectionstrings";
        return configured.Replace("-", "").ToLowerInvariant() switch
        {
            "connectionstrings" => new PublishedConnectionStringInfra(builder),
            "containers" => new ContainerInfra(builder),
            _ => throw new DistributedApplicationException(
                $"Infra:Publish '{configured}' is not one of connectionstrings, containers."),
        };
    }
}

/// <summary>
/// Publish mode on existing servers: each service's database (<c>recruitmentdb</c>, <c>needsdb</c>, ...) and the broker
/// (<c>messaging</c>) are <c>connectionstring</c> parameters of the manifest, filled in by the deployment from its
/// secret store. One per database, so a managed server can give each service its own user and rights.
/// </summary>
internal sealed class PublishedConnectionStringInfra(IDistributedApplicationBuilder builder) : Infra
{
    private readonly IResourceBuilder<IResourceWithConnectionString> messaging = builder.AddConnectionString(MessagingConnection);

    public override InfraMode Mode => InfraMode.ConnectionStrings;

    public override IReadOnlyList<IResourceBuilder<IResource>> Servers => [];

    public override IResourceBuilder<ProjectResource> Wire(IResourceBuilder<ProjectResource> service, string connectionName, string database) =>
        service.WithReference(builder.AddConnectionString(connectionName)).WithReference(messaging);
}

/// <summary>Aspire's PostgreSQL and RabbitMQ containers (Docker or Podman); images overridable for registries you can reach.</summary>
internal sealed class ContainerInfra : Infra
{
    private readonly IResourceBuilder<PostgresServerResource> postgres;
    private readonly IResourceBuilder<RabbitMQServerResource> rabbit;

    public ContainerInfra(IDistributedApplicationBuilder builder)
    {
        var config = builder.Configuration.GetSection("Infra:Containers");
        postgres = builder.AddPostgres("postgres");
        rabbit = builder.AddRabbitMQ(MessagingConnection);
        if (config["PostgresImage"] is { Length: > 0 } pgImage)
        {
            UseImage(postgres, pgImage, config["PostgresTag"] ?? "latest");
        }
        if (config["RabbitMqImage"] is { Length: > 0 } mqImage)
        {
            UseImage(rabbit, mqImage, config["RabbitMqTag"] ?? "latest");
        }
        if (!config.GetValue("Pull", true))
        {
            postgres.WithImagePullPolicy(ImagePullPolicy.Never);
            rabbit.WithImagePullPolicy(ImagePullPolicy.Never);
        }
    }

    public override InfraMode Mode => InfraMode.Containers;

    /// <summary>
    /// An image such as <c>localhost/probono-postgres</c> keeps its registry; otherwise Aspire puts it under docker.io.
    /// </summary>
    private static void UseImage<T>(IResourceBuilder<T> resource, string image, string tag) where T : ContainerResource
    {
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        var first = slash > 0 ? image[..slash] : "";
        if (first == "localhost" || first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal))
        {
            resource.WithImageRegistry(first).WithImage(image[(slash + 1)..], tag);
        }
        else
        {
            resource.WithImage(image, tag);
        }
    }

    public override IReadOnlyList<IResourceBuilder<IResource>> Servers =>
        [(IResourceBuilder<IResource>)postgres, (IResourceBuilder<IResource>)rabbit];

    public override IResourceBuilder<ProjectResource> Wire(IResourceBuilder<ProjectResource> service, string connectionName, string database)
    {
        var db = postgres.AddDatabase(connectionName, database);
        return service.WithReference(db).WaitFor(db).WithReference(rabbit).WaitFor(rabbit);
    }

    /// <summary>
    /// Containers only when a runtime answers and can get the images: they are present locally
    /// (<c>Infra:Containers:PostgresImage/RabbitMqImage</c>) or the registry is reachable. Else <c>auto</c> runs local servers.
    /// </summary>
    public static bool CanRun(IConfiguration configuration, out string why)
    {
        var config = configuration.GetSection("Infra:Containers");
        foreach (var runtime in new[] { "docker", "podman" })
        {
            if (!Succeeds(runtime, "info"))
            {
                continue;
            }
            if (config["PostgresImage"] is { Length: > 0 } pg && config["RabbitMqImage"] is { Length: > 0 } mq
                && Succeeds(runtime, $"image inspect {pg}:{config["PostgresTag"] ?? "latest"}")
                && Succeeds(runtime, $"image inspect {mq}:{config["RabbitMqTag"] ?? "latest"}"))
            {
                why = $"{runtime} answers and has the configured images";
                return true;
            }
            if (RegistryReachable(config["Registry"] ?? "registry-1.docker.io"))
            {
                why = $"{runtime} answers and the registry is reachable";
                return true;
            }
            why = $"{runtime} answers but can neither pull (registry unreachable) nor find the configured images; using the machine's own postgres and rabbitmq-server";
            return false;
        }
        why = "no container runtime answers (docker/podman info failed); using the machine's own postgres and rabbitmq-server";
        return false;
    }

    private static bool RegistryReachable(string host)
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            return client.ConnectAsync(host, 443).Wait(TimeSpan.FromSeconds(3)) && client.Connected;
        }
        catch (Exception e) when (e is AggregateException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static bool Succeeds(string command, string args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, args)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }
}

/// <summary>
/// The machine's own <c>postgres</c> and <c>rabbitmq-server</c>, started by the AppHost on fixed loopback ports
/// with data under a git-ignored folder (<c>Infra:Local:DataDirectory</c>, default <c>.data/local</c>).
/// </summary>
internal sealed class LocalInfra : Infra
{
    private readonly IResourceBuilder<ExecutableResource> postgres;
    private readonly IResourceBuilder<ExecutableResource> rabbit;
    private readonly int postgresPort;
    private readonly int amqpPort;
    private readonly string password;

    public LocalInfra(IDistributedApplicationBuilder builder)
    {
        var config = builder.Configuration.GetSection("Infra:Local");
        postgresPort = config.GetValue("PostgresPort", 55432);
        amqpPort = config.GetValue("RabbitMqPort", 55672);
        var distPort = config.GetValue("RabbitMqDistPort", amqpPort + 20000);
        // an epmd of the node's own, on loopback: the machine-wide one on 4369 may listen on every interface
        var epmdPort = config.GetValue("RabbitMqEpmdPort", distPort + 1);
        password = config["PostgresPassword"] ?? "probono-local";
        var data = Path.GetFullPath(config["DataDirectory"] ?? Path.Combine(builder.AppHostDirectory, "..", ".data", "local"));
        var scripts = Path.Combine(builder.AppHostDirectory, "infra", "local");

        RequireInstalled();

        builder.Services.AddHealthChecks()
            .AddCheck("postgres-protocol", ProtocolHealthCheck.Postgres("127.0.0.1", postgresPort))
            .AddCheck("rabbitmq-protocol", ProtocolHealthCheck.RabbitMq("127.0.0.1", amqpPort));

        postgres = builder.AddExecutable("postgres", "bash", scripts,
                Path.Combine(scripts, "postgres.sh"), Path.Combine(data, "postgres"), postgresPort.ToString(), password)
            .WithEndpoint(port: postgresPort, targetPort: postgresPort, scheme: "tcp", name: "tcp", isProxied: false)
            .WithHealthCheck("postgres-protocol");
        rabbit = builder.AddExecutable(MessagingConnection, "bash", scripts,
                Path.Combine(scripts, "rabbitmq.sh"), Path.Combine(data, "rabbitmq"), amqpPort.ToString(), distPort.ToString(), epmdPort.ToString())
            .WithEndpoint(port: amqpPort, targetPort: amqpPort, scheme: "tcp", name: "amqp", isProxied: false)
            .WithHealthCheck("rabbitmq-protocol");
    }

    public override InfraMode Mode => InfraMode.Local;

    public override IReadOnlyList<IResourceBuilder<IResource>> Servers =>
        [(IResourceBuilder<IResource>)postgres, (IResourceBuilder<IResource>)rabbit];

    public override IResourceBuilder<ProjectResource> Wire(IResourceBuilder<ProjectResource> service, string connectionName, string database)
    {
        string databaseConnection = $"Host=127.0.0.1;Port={postgresPort};Username=postgres;Password={password};Database={database}";
        string brokerConnection = $"amqp://guest:guest@127.0.0.1:{amqpPort}/";
        return service
            .WithEnvironment($"ConnectionStrings__{connectionName}", databaseConnection)
            .WithEnvironment($"ConnectionStrings__{MessagingConnection}", brokerConnection)
            .WaitFor(postgres)
            .WaitFor(rabbit);
    }

    /// <summary>Fail at once, saying what to install, rather than wait for servers that cannot start.</summary>
    private static void RequireInstalled()
    {
        var missing = new List<string>();
        var hasPostgres = Directory.Exists("/usr/lib/postgresql")
            && Directory.GetDirectories("/usr/lib/postgresql").Any(d => File.Exists(Path.Combine(d, "bin", "postgres")));
        if (!hasPostgres)
        {
            missing.Add("postgresql");
        }
        if (!File.Exists("/usr/lib/rabbitmq/bin/rabbitmq-server"))
        {
            missing.Add("rabbitmq-server");
        }
        if (missing.Count > 0)
        {
            throw new DistributedApplicationException(
                $"Infra:Mode=local needs the machine's own servers, and {string.Join(" and ", missing)} is not installed. " +
                $"Install with: apt-get install -y {string.Join(' ', missing)} — or run with Infra:Mode=containers (Docker/Podman) " +
                "or Infra:Mode=connectionstrings (ConnectionStrings:postgres and ConnectionStrings:messaging).");
        }
    }
}

/// <summary>Servers that already run: <c>ConnectionStrings:postgres</c> (a server; each service gets its own database) and <c>ConnectionStrings:messaging</c>.</summary>
internal sealed class ConnectionStringInfra : Infra
{
    private readonly string postgres;
    private readonly string messaging;

    public ConnectionStringInfra(IDistributedApplicationBuilder builder)
    {
        postgres = builder.Configuration.GetConnectionString("postgres")
            ?? throw new DistributedApplicationException("Infra:Mode=connectionstrings needs ConnectionStrings:postgres (Host=...;Username=...;Password=...).");
        messaging = builder.Configuration.GetConnectionString(MessagingConnection)
            ?? throw new DistributedApplicationException("Infra:Mode=connectionstrings needs ConnectionStrings:messaging (amqp://user:pass@host:5672/).");
    }

    public override InfraMode Mode => InfraMode.ConnectionStrings;

    public override IReadOnlyList<IResourceBuilder<IResource>> Servers => [];

    public override IResourceBuilder<ProjectResource> Wire(IResourceBuilder<ProjectResource> service, string connectionName, string database)
    {
        string databaseConnection = $"{postgres.TrimEnd(';')};Database={database}";
        return service
            .WithEnvironment($"ConnectionStrings__{connectionName}", databaseConnection)
            .WithEnvironment($"ConnectionStrings__{MessagingConnection}", messaging);
    }
}
