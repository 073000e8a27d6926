using System.Reflection;
using System.Xml.Linq;
using NetArchTest.Rules;
using ProBono.ServiceDefaults.EventSourcing;
using ProBono.ServiceDefaults.Http;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.UnitTests.Architecture;

/// <summary>
/// What each shared library may pull into a process: the core (every process, the gateway included) and the staff console neither a store nor
/// a broker; event sourcing no broker; mail neither a store nor a broker. Checked twice: in the compiled code, and in the projects' package graph, since a
/// package referenced but unused is still deployed with every process.
/// </summary>
public sealed class SharedLibraryLayerTests
{
    private static readonly string[] StoreAndBroker = ["Marten", "JasperFx", "Weasel", "Npgsql", "MassTransit", "RabbitMQ", "FluentValidation"];
    private static readonly string[] Broker = ["MassTransit", "RabbitMQ"];

    private static readonly Dictionary<string, (Assembly Assembly, string Project, string[] Forbidden)> Layer = new()
    {
        ["gateway"] = (typeof(ProBono.Gateway.Program).Assembly, "gateway/ProBono.Gateway.csproj", StoreAndBroker),
        // the staff console is one more client of the gateway: it reaches neither a database nor the broker
        ["console"] = (typeof(ProBono.StaffConsole.Program).Assembly, "console/ProBono.Console.csproj", StoreAndBroker),
        ["core"] = (typeof(CallerPath).Assembly, "ServiceDefaults/Core/ProBono.ServiceDefaults.csproj", StoreAndBroker),
        ["event sourcing"] = (typeof(IEntityCopy).Assembly, "ServiceDefaults/EventSourcing/ProBono.ServiceDefaults.EventSourcing.csproj", Broker),
        ["mail"] = (typeof(ProBono.ServiceDefaults.Mail.SmtpConnection).Assembly, "ServiceDefaults/Mail/ProBono.ServiceDefaults.Mail.csproj", StoreAndBroker),
    };

    public static TheoryData<string> Layers => [.. Layer.Keys];

    [Theory]
    [MemberData(nameof(Layers))]
    public void A_layer_compiles_against_none_of_its_forbidden_libraries(string layer)
    {
        var (assembly, _, forbidden) = Layer[layer];
        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        var referenced = assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => forbidden.Any(f => name.StartsWith(f, StringComparison.Ordinal)))
            .ToList();

        Assert.True(result.IsSuccessful, $"{layer} uses {string.Join(", ", forbidden)}: {string.Join(", ", result.FailingTypeNames ?? [])}");
        Assert.Empty(referenced);
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void A_layer_pulls_in_none_of_its_forbidden_packages(string layer)
    {
        var (_, project, forbidden) = Layer[layer];
        var packages = PackagesOf(Path.Combine(Checkout.Root, project));
        var pulled = packages.Where(p => forbidden.Any(f => p.StartsWith(f, StringComparison.Ordinal))).ToList();

        Assert.True(pulled.Count == 0, $"{layer} pulls in {string.Join(", ", pulled)}");
    }

    [Fact]
    public void The_package_graph_sees_what_a_service_does_pull_in()
    {
        // a guard against the rule above passing because it reads nothing: Recruitment runs on Marten and MassTransit
        var packages = PackagesOf(Path.Combine(Checkout.Root, "services/Recruitment/ProBono.Recruitment.csproj"));

        Assert.Contains("Marten", packages);
        Assert.Contains("MassTransit.RabbitMQ", packages);
        Assert.Contains("Microsoft.AspNetCore.Authentication.JwtBearer", packages); // through the core, two references away
    }

    [Fact]
    public void Messaging_is_the_only_library_that_knows_both_the_store_and_the_broker()
    {
        var result = Types.InAssembly(typeof(FailedMessages).Assembly).That().HaveDependencyOn("MassTransit").GetTypes();

        Assert.NotEmpty(result);
    }

    [Fact]
    public void The_core_stays_small_enough_to_read_in_an_hour()
    {
        const int MaxLines = 1_500;
        var lines = Directory.EnumerateFiles(Path.Combine(Checkout.Root, "ServiceDefaults", "Core"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Sum(f => File.ReadLines(f).Count());

        Assert.InRange(lines, 500, MaxLines); // below 500 the files were not found
    }

    /// <summary>The package references of <paramref name="project"/> and of every project it references, transitively.</summary>
    private static HashSet<string> PackagesOf(string project)
    {
        var packages = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var path))
        {
            if (!seen.Add(path))
            {
                continue;
            }
            var xml = XDocument.Load(path);
            foreach (var reference in xml.Descendants("PackageReference"))
            {
                packages.Add((string)reference.Attribute("Include")!);
            }
            foreach (var reference in xml.Descendants("ProjectReference"))
            {
                var relative = ((string)reference.Attribute("Include")!).Replace('\\', Path.DirectorySeparatorChar);
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, relative)));
            }
        }
        return packages;
    }
}
