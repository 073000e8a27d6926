using MassTransit;
using ProBono.ServiceDefaults.EventSourcing;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.UnitTests.Architecture;

/// <summary>
/// Every service keeps its copies of other services' entities in one <c>&lt;Service&gt;.Copies</c> namespace, so a reader
/// finds them in one place; each consumer there is an <see cref="EntityCopyConsumer{TMessage, TCopy}"/>, saved by the
/// one group commit, with any side effect as its follow-up.
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

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_consumer_in_the_Copies_folder_is_a_copy_consumer(string service)
    {
        var others = CopyFolderConsumers(service).Where(t => !IsCopyConsumer(t)).Select(t => t.FullName).ToList();

        Assert.True(others.Count == 0,
            $"{service}: these consumers keep copies by hand; derive them from EntityCopyConsumer<,> (a FollowUp for what else they do): {string.Join(", ", others)}");
    }

    [Fact]
    public void The_copy_rule_sees_the_copies()
    {
        // a guard against the rule above passing because it finds nothing: three services keep copies
        Assert.NotEmpty(CopiesOf("ProBono.Needs"));
        Assert.NotEmpty(CopiesOf("ProBono.Teams"));
        Assert.NotEmpty(CopiesOf("ProBono.Feedback"));
        Assert.Contains(CopyFolderConsumers("ProBono.Feedback"), t => t.Name == "VolunteerCheckedInConsumer");
    }

    private static IEnumerable<Type> CopyFolderConsumers(string service) => PlatformServices.Assemblies[service].GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.Namespace == $"{service}.Copies" && typeof(IConsumer).IsAssignableFrom(t));

    private static bool IsCopyConsumer(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(EntityCopyConsumer<,>))
            {
                return true;
            }
        }
        return false;
    }

    private static IEnumerable<Type> CopiesOf(string service) => PlatformServices.Assemblies[service].GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IEntityCopy).IsAssignableFrom(t));
}
