using System.Reflection;
using Mono.Cecil;
using ProBono.Needs;
using ProBono.ServiceDefaults.EventSourcing;

namespace ProBono.UnitTests.Architecture;

/// <summary>
/// A service writes events only through <see cref="CommandHandling"/> (docs/adr/0001-vertical-slices-and-deciders.md):
/// it calls none of Marten's appends itself. Read from the compiled IL (Mono.Cecil, which NetArchTest brings), so calls
/// inside lambdas, async state machines and local functions count too.
/// </summary>
public sealed class WritePathTests
{
    /// <summary>Marten's (JasperFx's) ways to add events to a stream.</summary>
    private static readonly HashSet<string> Appends =
        ["StartStream", "Append", "AppendOne", "AppendMany", "AppendOptimistic", "AppendExclusive", "WriteToAggregate", "WriteExclusivelyToAggregate"];

    public static TheoryData<string> Services => [.. PlatformServices.Assemblies.Keys];

    private static bool IsMartenAppend(MethodReference method)
    {
        var declaring = method.DeclaringType.GetElementType();
        return Appends.Contains(method.Name)
            && (declaring.Namespace.StartsWith("Marten", StringComparison.Ordinal) || declaring.Namespace.StartsWith("JasperFx", StringComparison.Ordinal))
            && !declaring.Name.StartsWith("IPatchExpression", StringComparison.Ordinal); // a document patch, not an event
    }

    private static bool IsCommandHandlingStart(MethodReference method) =>
        method.Name == nameof(CommandHandling.StartStream) && method.DeclaringType.GetElementType().FullName == typeof(CommandHandling).FullName;

    /// <summary>Every call in <paramref name="assembly"/> to a method <paramref name="callee"/> picks, as "caller → callee".</summary>
    private static List<string> Calls(Assembly assembly, Func<MethodReference, bool> callee)
    {
        using var module = ModuleDefinition.ReadModule(assembly.Location);
        return
        [
            .. from type in module.GetTypes() // nested types included: closures and state machines
               from method in type.Methods.Where(m => m.HasBody)
               from instruction in method.Body.Instructions
               let called = instruction.Operand as MethodReference
               where called is not null && callee(called)
               select $"{type.FullName}::{method.Name} → {called.DeclaringType.GetElementType().FullName}::{called.Name}",
        ];
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_appends_events_only_through_command_handling(string service)
    {
        var direct = Calls(PlatformServices.Assemblies[service], IsMartenAppend);

        Assert.True(direct.Count == 0,
            $"{service} calls Marten's appends itself; use session.StartStream, OpenForWriting(...).Append or Decide:\n{string.Join("\n", direct)}");
    }

    [Fact]
    public void The_rule_sees_command_handlings_own_appends()
    {
        // a guard against the rule passing because it sees nothing: CommandHandling does call Marten, directly and from lambdas
        var calls = Calls(typeof(CommandHandling).Assembly, IsMartenAppend);

        Assert.Contains(calls, c => c.StartsWith("ProBono.ServiceDefaults.EventSourcing.CommandHandling::StartStream", StringComparison.Ordinal) && c.EndsWith("::StartStream", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.StartsWith("ProBono.ServiceDefaults.EventSourcing.CommandHandling/", StringComparison.Ordinal) && c.EndsWith("::Append", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.StartsWith("ProBono.ServiceDefaults.EventSourcing.StreamWrite`1/", StringComparison.Ordinal) && c.EndsWith("::AppendMany", StringComparison.Ordinal));
    }

    [Fact]
    public void The_rule_reads_inside_the_services_async_endpoints()
    {
        // the services' writes sit in async lambdas, compiled into state machines: the reader must find them there
        var starts = Calls(typeof(NeedsService).Assembly, IsCommandHandlingStart);

        Assert.Contains(starts, c => c.Contains("SubmitNeedSlice", StringComparison.Ordinal));
        Assert.Contains(starts, c => c.Contains("RegisterAssociationSlice", StringComparison.Ordinal));
    }
}
