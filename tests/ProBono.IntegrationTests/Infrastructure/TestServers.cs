using DotNet.Testcontainers.Configurations;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>
/// The real PostgreSQL and RabbitMQ every integration test runs against, once per run: containers when an engine answers,
/// else the servers PROBONO_TEST_POSTGRES / PROBONO_TEST_RABBITMQ name, else private servers that end with the run
/// (<see cref="ServerScript"/>; the README names the switches). Test classes isolate themselves by database and queue names.
/// </summary>
public sealed class TestServers
{
    private static readonly Lazy<Task<TestServers>> Shared = new(StartAsync);

    // every test class runs services with their own pools and daemons, in parallel: PostgreSQL's default 100 connections
    // are too few for the four services' suites (docs/adr/0005)
    private const string MaxConnections = "max_connections=500";

    private readonly Func<Task> stop;

    private TestServers(string postgres, string rabbitMq, string source, Func<Task> stop)
    {
        Postgres = postgres;
        RabbitMq = rabbitMq;
        Source = source;
        this.stop = stop;
    }

    /// <summary>A server-level connection string (no Database).</summary>
    public string Postgres { get; }

    /// <summary>An amqp:// URI.</summary>
    public string RabbitMq { get; }

    /// <summary>The path taken: containers, named servers or private servers.</summary>
    public string Source { get; }

    public static Task<TestServers> Get() => Shared.Value;

    public string Database(string name) => $"{Postgres.TrimEnd(';')};Database={name}";

    /// <summary>At the end of the run (<see cref="ProBonoTestFramework"/>): the servers this run started go.</summary>
    internal static async Task StopIfStarted()
    {
        if (Shared.IsValueCreated && Shared.Value.IsCompletedSuccessfully)
        {
            await Shared.Value.Result.stop();
        }
    }

    private static async Task<TestServers> StartAsync()
    {
        var servers = await Choose();
        TestRun.Say($"Integration test servers: {servers.Source}. (PROBONO_TEST_CONTAINERS=false skips containers; " +
                    "PROBONO_TEST_POSTGRES and PROBONO_TEST_RABBITMQ name servers; else private ones are started.)");
        return servers;
    }

    private static async Task<TestServers> Choose()
    {
        if (ContainerEngineAnswers())
        {
            return await StartContainers();
        }

        var namedPostgres = Environment.GetEnvironmentVariable("PROBONO_TEST_POSTGRES");
        var namedRabbitMq = Environment.GetEnvironmentVariable("PROBONO_TEST_RABBITMQ");
        // no durability for throwaway data, as Testcontainers runs its PostgreSQL: less disk under the parallel suites
        var postgres = string.IsNullOrEmpty(namedPostgres)
            ? new PrivatePostgres(MaxConnections, "fsync=off", "synchronous_commit=off", "full_page_writes=off")
            : null;
        var broker = string.IsNullOrEmpty(namedRabbitMq) ? new PrivateBroker() : null;
        if ((postgres is not null && !PrivatePostgres.Installed) || (broker is not null && !PrivateBroker.Installed))
        {
            throw new InvalidOperationException(
                "No container engine answered and no servers are named (PROBONO_TEST_POSTGRES, PROBONO_TEST_RABBITMQ), so the " +
                "integration tests start private servers from the installed packages, and they are missing: " +
                "apt-get install -y postgresql rabbitmq-server");
        }
        try
        {
            await Task.WhenAll(postgres?.Start() ?? Task.CompletedTask, broker?.Start() ?? Task.CompletedTask);
        }
        catch
        {
            await Stop(postgres, broker);
            throw;
        }

        var source = (postgres, broker) switch
        {
            (null, null) => $"named servers (PostgreSQL {Endpoint(namedPostgres!)}, RabbitMQ {Endpoint(namedRabbitMq!)})",
            (not null, not null) => $"private servers (PostgreSQL 127.0.0.1:{postgres.Port}, RabbitMQ 127.0.0.1:{broker.Port}; " +
                                    "data in a temporary folder, stopped when the run ends)",
            (null, not null) => $"named PostgreSQL {Endpoint(namedPostgres!)}, private RabbitMQ 127.0.0.1:{broker.Port}",
            (not null, null) => $"private PostgreSQL 127.0.0.1:{postgres.Port}, named RabbitMQ {Endpoint(namedRabbitMq!)}",
        };
        return new TestServers(postgres?.Server ?? namedPostgres!, broker?.Uri ?? namedRabbitMq!, source, () => Stop(postgres, broker));
    }

    private static async Task Stop(PrivatePostgres? postgres, PrivateBroker? broker) =>
        await Task.WhenAll(postgres?.DisposeAsync().AsTask() ?? Task.CompletedTask, broker?.DisposeAsync().AsTask() ?? Task.CompletedTask);

    /// <summary>Where a named server is, without its password.</summary>
    private static string Endpoint(string named)
    {
        if (Uri.TryCreate(named, UriKind.Absolute, out var uri) && uri.Scheme.StartsWith("amqp", StringComparison.Ordinal))
        {
            return $"{uri.Host}:{uri.Port}";
        }
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(named);
        return $"{builder.Host}:{builder.Port}";
    }

    private static async Task<TestServers> StartContainers()
    {
        // without Ryuk (off under Podman) nothing reaps the containers of a killed run: sweep them first
        await RemoveLeftovers();
        var postgresImage = Environment.GetEnvironmentVariable("PROBONO_TEST_POSTGRES_IMAGE") ?? "postgres:15";
        var rabbitImage = Environment.GetEnvironmentVariable("PROBONO_TEST_RABBITMQ_IMAGE") ?? "rabbitmq:3.10";
        var postgres = new PostgreSqlBuilder(postgresImage)
            .WithUsername("postgres").WithPassword("postgres")
            .WithCommand("-c", MaxConnections)
            .WithLabel(Label, "true")
            .Build();
        var rabbit = new RabbitMqBuilder(rabbitImage)
            .WithUsername("guest").WithPassword("guest")
            .WithLabel(Label, "true")
            .Build();
        await Task.WhenAll(postgres.StartAsync(), rabbit.StartAsync());
        var pg = new Npgsql.NpgsqlConnectionStringBuilder(postgres.GetConnectionString()) { Database = null };
        return new TestServers(pg.ConnectionString, rabbit.GetConnectionString(), $"containers (Testcontainers: {postgresImage}, {rabbitImage})",
            () => Task.WhenAll(postgres.DisposeAsync().AsTask(), rabbit.DisposeAsync().AsTask()));
    }

    private const string Label = "probono.integration-tests";

    private static async Task RemoveLeftovers()
    {
        using var docker = TestcontainersSettings.OS.DockerEndpointAuthConfig.GetDockerClientBuilder(Guid.NewGuid()).Build();
        // Podman answers 500 "container not known" to a list made while a container is being removed: ask again a few times
        IList<Docker.DotNet.Models.ContainerListResponse> leftovers = [];
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                leftovers = await docker.Containers.ListContainersAsync(new Docker.DotNet.Models.ContainersListParameters
                {
                    All = true,
                    Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{Label}=true"] = true } },
                });
                break;
            }
            catch (Docker.DotNet.DockerApiException e) when ((e.ResponseBody ?? "").Contains("container not known", StringComparison.Ordinal))
            {
                if (attempt == 5)
                {
                    // a container stuck in "Removing" (a run killed mid-removal) keeps Podman answering this: the sweep
                    // is a courtesy, the tests' own containers have fresh names and ports
                    Console.Error.WriteLine($"Podman cannot list containers ({e.ResponseBody?.Trim()}); leftovers not swept. `podman ps -a` with tools/containers/podman-env.sh shows them.");
                    return;
                }
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
        foreach (var container in leftovers)
        {
            try
            {
                await docker.Containers.RemoveContainerAsync(container.ID, new Docker.DotNet.Models.ContainerRemoveParameters { Force = true });
            }
            catch (Docker.DotNet.DockerContainerNotFoundException)
            {
                // removed meanwhile
            }
            catch (Docker.DotNet.DockerApiException e) when ((e.ResponseBody ?? "").Contains("no such container", StringComparison.OrdinalIgnoreCase)
                                                             || (e.ResponseBody ?? "").Contains("container not known", StringComparison.Ordinal))
            {
                // removed meanwhile
            }
        }
    }

    private static bool ContainerEngineAnswers()
    {
        if (Environment.GetEnvironmentVariable("PROBONO_TEST_CONTAINERS") == "false")
        {
            return false;
        }
        try
        {
            return TestcontainersSettings.OS.DockerEndpointAuthConfig is not null;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
