using ProBono.ServiceDefaults.EventSourcing;

namespace ProBono.UnitTests.Architecture;

/// <summary>
/// The same layout in every service: another service's entities, kept as copies, live in one <c>Copies</c> folder
/// (namespace <c>&lt;Service&gt;.Copies</c>), so a reader finds what a service knows of the others in one place.
/// </summary>
public sealed class ServiceLayoutTests
{
    public static TheoryData<string> Services => [.. PlatformServices.Assemblies.Keys];

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_entity_copy_lives_in_the_services_Copies_folder(string service)
    {
        var misplaced = CopiesOf(service)
            .Where(t => t.Namespace != $"{service}.Copies")
            .Select(t => t.FullName)
            .ToList();

        Assert.True(misplaced.Count == 0, $"{service}: move these copies to {service}.Copies: {string.Join(", ", misplaced)}");
    }

    [Fact]
    public void The_copy_rule_sees_the_copies()
    {
        // a guard against the rule above passing because it finds nothing: three services keep copies
        Assert.NotEmpty(CopiesOf("ProBono.Needs"));
        Assert.NotEmpty(CopiesOf("ProBono.Teams"));
        Assert.NotEmpty(CopiesOf("ProBono.Feedback"));
    }

    private static IEnumerable<Type> CopiesOf(string service) => PlatformServices.Assemblies[service].GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IEntityCopy).IsAssignableFrom(t));
}
