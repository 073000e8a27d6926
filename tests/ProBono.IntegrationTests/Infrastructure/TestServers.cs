using DotNet.Testcontainers.Configurations;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>
/// The real PostgreSQL and RabbitMQ every integration test runs against, started once per test run:
/// Testcontainers when a container engine answers (images from PROBONO_TEST_POSTGRES_IMAGE / PROBONO_TEST_RABBITMQ_IMAGE),
/// else the servers named by PROBONO_TEST_POSTGRES / PROBONO_TEST_RABBITMQ (what .ci/run starts),
/// else the machine's default local servers. Test classes isolate themselves with their own database and queue names.
/// </summary>
public sealed class TestServers
{
    private static readonly Lazy<Task<TestServers>> Shared = new(StartAsync);

    private TestServers(string postgres, string rabbitMq, string source)
    {
        Postgres = postgres;
        RabbitMq = rabbitMq;
        Source = source;
    }

    /// <summary>A server-level connection string (no Database).</summary>
    public string Postgres { get; }

    /// <summary>An amqp:// URI.</summary>
    public string RabbitMq { get; }

    public string Source { get; }

    public static Task<TestServers> Get() => Shared.Value;

    public string Database(string name) => $"{Postgres.TrimEnd(';')};Database={name}";

    private static async Task<TestServers> StartAsync()
    {
        if (ContainerEngineAnswers())
        {
            // without Ryuk (not available under Podman here) nothing reaps containers of a killed run: do it first
            await RemoveLeftovers();
            var postgres = new PostgreSqlBuilder(Environment.GetEnvironmentVariable("PROBONO_TEST_POSTGRES_IMAGE") ?? "postgres:15")
                .WithUsername("postgres").WithPassword("postgres")
                // every test class runs services with their own pools and daemons, in parallel: PostgreSQL's default
                // 100 connections ran out once the four services had their suites (registrations answered 500)
                .WithCommand("-c", "max_connections=500")
                .WithLabel(Label, "true")
                .Build();
            var rabbit = new RabbitMqBuilder(Environment.GetEnvironmentVariable("PROBONO_TEST_RABBITMQ_IMAGE") ?? "rabbitmq:3.10")
                .WithUsername("guest").WithPassword("guest")
                .WithLabel(Label, "true")
                .Build();
            await Task.WhenAll(postgres.StartAsync(), rabbit.StartAsync());
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
                Task.WhenAll(postgres.DisposeAsync().AsTask(), rabbit.DisposeAsync().AsTask()).GetAwaiter().GetResult();
            var pg = new Npgsql.NpgsqlConnectionStringBuilder(postgres.GetConnectionString()) { Database = null };
            return new TestServers(pg.ConnectionString, rabbit.GetConnectionString(), "testcontainers");
        }

        return new TestServers(
            Environment.GetEnvironmentVariable("PROBONO_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres",
            Environment.GetEnvironmentVariable("PROBONO_TEST_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:5672/",
            "local servers");
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
