using System.Reflection;
using System.Runtime.CompilerServices;
using MassTransit;
using NetArchTest.Rules;
using ProBono.Needs;
using ProBono.Recruitment;
using ProBono.ServiceDefaults.EventSourcing;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.UnitTests.Architecture;

/// <summary>
/// The services share nothing but <c>ProBono.Contracts</c>; the contracts are plain, URN-named records;
/// each service keeps its slices and consumers to itself.
/// </summary>
public sealed class ServiceBoundaryTests
{
    private static readonly IReadOnlyDictionary<string, Assembly> ServiceAssemblies = PlatformServices.Assemblies;

    private static readonly Assembly[] SharedAssemblies =
        [typeof(ProBono.ServiceDefaults.Http.CallerPath).Assembly, typeof(IEntityCopy).Assembly, typeof(FailedMessages).Assembly,
            typeof(ProBono.ServiceDefaults.Mail.SmtpConnection).Assembly];

    private static readonly Assembly ContractsAssembly = typeof(Contracts.MarathonScheduled).Assembly;

    public static TheoryData<string> Services => [.. ServiceAssemblies.Keys];

    private static string Failing(TestResult result) =>
        result.IsSuccessful ? "" : "Failing types: " + string.Join(", ", result.FailingTypeNames ?? []);

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_does_not_depend_on_another_service(string service)
    {
        var others = ServiceAssemblies.Keys.Where(s => s != service).ToArray();

        var result = Types.InAssembly(ServiceAssemblies[service]).ShouldNot().HaveDependencyOnAny(others).GetResult();

        Assert.True(result.IsSuccessful, $"{service} depends on another service. {Failing(result)}");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_assembly_holds_only_its_own_namespace(string service)
    {
        // a service's own types live under its namespace, so that the dependency rule above sees a type of another
        // service under that service's name (what source generators add lives in Microsoft.* and System.* namespaces)
        var stray = ServiceAssemblies[service].GetTypes()
            .Where(t => t.Namespace?.StartsWith("ProBono", StringComparison.Ordinal) == true)
            .Where(t => t.Namespace != service && !t.Namespace!.StartsWith(service + ".", StringComparison.Ordinal))
            .Select(t => t.FullName)
            .ToList();

        Assert.Empty(stray);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void The_dependency_rule_sees_what_a_service_does_depend_on(string service)
    {
        // a guard against the rule above passing because it sees nothing: every service uses the contracts
        var users = Types.InAssembly(ServiceAssemblies[service]).That().HaveDependencyOn("ProBono.Contracts").GetTypes();

        Assert.NotEmpty(users);
    }

    [Fact]
    public void The_contracts_depend_on_nothing_but_system_and_masstransit()
    {
        var result = Types.InAssembly(ContractsAssembly)
            .That().ResideInNamespaceStartingWith("ProBono")
            .Should().OnlyHaveDependenciesOn("System", "MassTransit", "ProBono.Contracts")
            .GetResult();

        Assert.True(result.IsSuccessful, $"ProBono.Contracts depends on more than System and MassTransit. {Failing(result)}");
    }

    [Fact]
    public void The_contracts_assembly_references_nothing_but_the_runtime_and_masstransit_abstractions()
    {
        var references = ContractsAssembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("MassTransit.Abstractions", references);
        Assert.All(references, name => Assert.True(
            name == "MassTransit.Abstractions" || name == "netstandard" || name.StartsWith("System", StringComparison.Ordinal),
            $"ProBono.Contracts references {name}"));
    }

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null;

    private static bool IsStaticClass(Type type) => type is { IsClass: true, IsAbstract: true, IsSealed: true };

    private static List<Type> ContractRecords() => [.. ContractsAssembly.GetExportedTypes().Where(IsRecord)];

    [Fact]
    public void Every_public_contract_type_is_a_sealed_record_or_a_static_class()
    {
        var exported = ContractsAssembly.GetExportedTypes();

        Assert.NotEmpty(exported);
        Assert.All(exported, type => Assert.True(
            (IsRecord(type) && type.IsSealed) || IsStaticClass(type),
            $"{type.FullName} is neither a sealed record nor a static class"));
    }

    [Fact]
    public void The_record_and_static_class_checks_tell_kinds_of_types_apart()
    {
        Assert.True(IsRecord(typeof(Contracts.MarathonScheduled)));
        Assert.False(IsRecord(typeof(Contracts.MarathonStatuses)));
        Assert.False(IsRecord(typeof(ServiceBoundaryTests)));
        Assert.True(IsStaticClass(typeof(Contracts.MarathonStatuses)));
        Assert.False(IsStaticClass(typeof(Contracts.MarathonScheduled)));
    }

    /// <summary>
    /// The records that are published themselves, as opposed to the parts of one (such as <c>MarathonPartner</c>,
    /// which travels only inside <c>MarathonScheduled</c>): a record no other contract record has a property of.
    /// </summary>
    private static List<Type> MessageRecords()
    {
        var records = ContractRecords();
        var parts = records
            .SelectMany(r => r.GetProperties().Select(p => p.PropertyType))
            .SelectMany(t => t.IsGenericType ? t.GetGenericArguments() : t.IsArray ? [t.GetElementType()!] : [t])
            .ToHashSet();
        return [.. records.Where(r => !parts.Contains(r))];
    }

    [Fact]
    public void The_messages_are_told_from_their_parts()
    {
        Assert.Contains(typeof(Contracts.MarathonScheduled), MessageRecords());
        Assert.Contains(typeof(Contracts.MarathonStatusChanged), MessageRecords());
        Assert.DoesNotContain(typeof(Contracts.MarathonPartner), MessageRecords());
    }

    [Fact]
    public void Every_contract_message_has_a_message_urn()
    {
        var messages = MessageRecords();

        Assert.NotEmpty(messages);
        Assert.All(messages, type => Assert.True(
            type.GetCustomAttribute<MessageUrnAttribute>() is not null,
            $"{type.FullName} has no [MessageUrn]: its name on the bus would change with its CLR name"));
    }

    /// <summary>Integration events: the published facts (a request and its reply, in <c>Contracts.Requests</c>, are not).</summary>
    private static List<Type> IntegrationEvents() => [.. MessageRecords().Where(t => t.Namespace != "ProBono.Contracts.Requests")];

    [Fact]
    public void Every_integration_event_carries_the_upstream_stream_version()
    {
        Assert.NotEmpty(IntegrationEvents());
        Assert.All(IntegrationEvents(), type => Assert.Equal(typeof(long), type.GetProperty("Version")?.PropertyType));
    }

    [Fact]
    public void No_integration_event_carries_a_persons_e_mail_last_name_or_employee_reference()
    {
        // personal data stays in Recruitment (ContactEmail is an association's, not a person's); nested records count too
        var records = ContractRecords();
        var reachable = new HashSet<Type>();
        var pending = new Stack<Type>(IntegrationEvents());
        while (pending.TryPop(out var type))
        {
            if (!reachable.Add(type))
            {
                continue;
            }
            foreach (var part in type.GetProperties().Select(p => p.PropertyType)
                         .SelectMany(t => t.IsGenericType ? t.GetGenericArguments() : t.IsArray ? [t.GetElementType()!] : [t])
                         .Where(records.Contains))
            {
                pending.Push(part);
            }
        }
        Assert.All(reachable, type => Assert.DoesNotContain(type.GetProperties(),
            p => p.Name is "Email" or "LastName" or "EmployeeRef" or "Phone"));
    }

    [Fact]
    public void The_message_urns_are_unique()
    {
        var urns = ContractsAssembly.GetExportedTypes()
            .Select(t => t.GetCustomAttribute<MessageUrnAttribute>())
            .OfType<MessageUrnAttribute>()
            .Select(a => a.Urn.ToString())
            .ToList();

        Assert.NotEmpty(urns);
        Assert.Equal(urns.Count, urns.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Only_messages_have_a_message_urn()
    {
        var named = ContractsAssembly.GetExportedTypes().Where(t => t.GetCustomAttribute<MessageUrnAttribute>() is not null);

        Assert.Equal(MessageRecords().ToHashSet(), named.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Slices_and_endpoint_classes_are_not_public(string service)
    {
        var result = Types.InAssembly(ServiceAssemblies[service])
            .That().HaveNameEndingWith("Slice").Or().HaveNameEndingWith("Endpoints")
            .Should().NotBePublic()
            .GetResult();

        Assert.True(result.IsSuccessful, $"{service} exposes its HTTP slices. {Failing(result)}");
    }

    [Fact]
    public void The_slice_rule_sees_the_slices()
    {
        var slices = Types.InAssembly(typeof(RecruitmentService).Assembly).That().HaveNameEndingWith("Slice").GetTypes();

        Assert.Contains(slices, t => t.Name == "ScheduleMarathonSlice");
        Assert.Contains(slices, t => t.Name == "AddPartnerSlice");
        Assert.Contains(slices, t => t.Name == "OpenRegistrationSlice");
    }

    private static bool IsConsumer(Type type) =>
        type is { IsClass: true, IsAbstract: false }
        && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>));

    private static List<Type> Consumers(string service) => [.. ServiceAssemblies[service].GetTypes().Where(IsConsumer)];

    [Theory]
    [MemberData(nameof(Services))]
    public void Consumers_are_not_public(string service)
    {
        var visible = Consumers(service).Where(t => t.IsVisible).Select(t => t.FullName);

        Assert.Empty(visible);
    }

    [Theory]
    [InlineData("ProBono.Needs")]
    [InlineData("ProBono.Teams")]
    [InlineData("ProBono.Feedback")]
    public void The_consumer_rule_sees_the_consumers(string service)
    {
        // they inherit IConsumer<T> through EntityCopyConsumer<T, TCopy> or IdempotentConsumer<T>, which is what the rule must look through
        var seen = Consumers(service).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(["MarathonScheduledConsumer", "MarathonStatusChangedConsumer"], StringComparer.Ordinal), seen);
    }

    /// <summary>The types written in <paramref name="assembly"/>: not what the compiler or a source generator adds.</summary>
    private static IEnumerable<Type> OwnTypes(Assembly assembly) => assembly.GetTypes()
        .Where(t => t.Namespace?.StartsWith("ProBono", StringComparison.Ordinal) == true)
        .Where(t => t.GetCustomAttribute<CompilerGeneratedAttribute>() is null && !t.Name.StartsWith('<'));

    private static bool IsEnumOrRecord(Type type) => type.IsEnum || IsRecord(type);

    /// <summary>A plain class made of properties only: what Marten stores as a read-model document or a part of one.</summary>
    private static bool IsDataClass(Type type) =>
        type is { IsClass: true, IsAbstract: false }
        && type.BaseType == typeof(object)
        && type.GetConstructor(Type.EmptyTypes) is not null
        && type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly).All(m => m.IsSpecialName);

    /// <summary>
    /// Why a type of a service may be public (docs/adr/0001-vertical-slices-and-deciders.md), or null: everything else
    /// is internal. HTTP shapes (<c>…Request</c>, <c>…Response</c>) are data but stay internal: minimal APIs take internal types.
    /// </summary>
    private static string? ReasonToBePublic(Type type) => type switch
    {
        { Name: "Program" } => "tests host the service (WebApplicationFactory<Program>)",
        _ when type.Name.EndsWith("Request", StringComparison.Ordinal) || type.Name.EndsWith("Response", StringComparison.Ordinal) => null,
        _ when typeof(IEntityCopy).IsAssignableFrom(type) => "a copy of another service's entity, a Marten document (Marten generates code against it)",
        _ when IsEnumOrRecord(type) => "a domain event, an aggregate's state or a part of one (Marten generates code against it)",
        _ when IsDataClass(type) => "a read-model document or a part of one (Marten generates code against it)",
        _ => null,
    };

    /// <summary>The service's public types that no framework needs public (<see cref="ReasonToBePublic"/> gives none).</summary>
    private static List<string> NeedlesslyPublic(string service) =>
        [.. OwnTypes(ServiceAssemblies[service]).Where(t => t.IsVisible && ReasonToBePublic(t) is null).Select(t => t.FullName!)];

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_type_is_public_only_when_a_framework_needs_it(string service)
    {
        var needlesslyPublic = NeedlesslyPublic(service);

        Assert.True(needlesslyPublic.Count == 0, $"{service}: make these internal: {string.Join(", ", needlesslyPublic)}");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_class_is_sealed(string service)
    {
        var unsealed = OwnTypes(ServiceAssemblies[service])
            .Where(t => t is { IsClass: true, IsSealed: false, IsAbstract: false })
            .Select(t => t.FullName)
            .ToList();

        Assert.True(unsealed.Count == 0, $"{service}: seal these: {string.Join(", ", unsealed)}");
    }

    [Fact]
    public void A_shared_class_is_sealed_unless_it_is_a_base_to_derive_from()
    {
        var unsealed = SharedAssemblies.SelectMany(OwnTypes)
            .Where(t => t is { IsClass: true, IsSealed: false, IsAbstract: false })
            .Select(t => t.FullName)
            .ToList();

        Assert.True(unsealed.Count == 0, $"ServiceDefaults: seal these: {string.Join(", ", unsealed)}");
    }

    [Fact]
    public void The_public_rule_tells_what_a_framework_needs_from_what_it_does_not()
    {
        // a guard against the rule above passing because it excuses everything
        Assert.NotNull(ReasonToBePublic(typeof(ProBono.Needs.Program)));
        Assert.NotNull(ReasonToBePublic(typeof(ProBono.Needs.Copies.MarathonForNeeds)));
        Assert.NotNull(ReasonToBePublic(typeof(Contracts.MarathonScheduled)));
        Assert.NotNull(ReasonToBePublic(typeof(Contracts.MarathonPartner)));
        Assert.Null(ReasonToBePublic(typeof(ServiceBoundaryTests))); // a class with behaviour
        Assert.Null(ReasonToBePublic(typeof(ProBono.Needs.NeedsService))); // a composition root
        Assert.Null(ReasonToBePublic(typeof(ProBono.Needs.Copies.MarathonScheduledConsumer))); // a consumer
        Assert.Null(ReasonToBePublic(typeof(ProBono.Needs.Copies.MarathonForNeedsResponse))); // an HTTP shape
        Assert.Null(ReasonToBePublic(typeof(FailedMessages))); // a static class
    }

    [Fact]
    public void The_sealed_rule_sees_the_service_classes()
    {
        var classes = OwnTypes(typeof(NeedsService).Assembly).Where(t => t.IsClass).Select(t => t.Name).ToList();

        Assert.Contains("MarathonForNeeds", classes);
        Assert.Contains("MarathonScheduledConsumer", classes);
        Assert.Contains("Program", classes);
    }
}
