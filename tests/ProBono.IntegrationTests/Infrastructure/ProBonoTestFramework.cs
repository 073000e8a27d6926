using System.Reflection;
using Xunit.Sdk;

[assembly: TestFramework("ProBono.IntegrationTests.Infrastructure.ProBonoTestFramework", "ProBono.IntegrationTests")]

namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>
/// xunit's own framework, plus what only it sees: its diagnostic sink (the one test host output `dotnet test` shows),
/// and the moment every test class is done, when the run's servers stop; at the framework's disposal vstest is already
/// killing the test host, and the servers would outlive `dotnet test`.
/// </summary>
internal sealed class ProBonoTestFramework : XunitTestFramework
{
    public ProBonoTestFramework(IMessageSink diagnostics)
        : base(diagnostics) => TestRun.Diagnostics = diagnostics;

    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformation, IMessageSink diagnostics)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformation, diagnostics)
    {
        // async void as in the base class: the runner learns of the end from the messages, not from a task
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new AssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class AssemblyRunner(
        ITestAssembly assembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnostics, IMessageSink execution, ITestFrameworkExecutionOptions options)
        : XunitTestAssemblyRunner(assembly, testCases, diagnostics, execution, options)
    {
        protected override async Task BeforeTestAssemblyFinishedAsync()
        {
            await Aggregator.RunAsync(TestServers.StopIfStarted);
            await base.BeforeTestAssemblyFinishedAsync();
        }
    }
}

internal static class TestRun
{
    public static IMessageSink? Diagnostics { get; set; }

    /// <summary>One line in the `dotnet test` output ("[xUnit.net 00:00:01.23] ProBono.IntegrationTests: ...").</summary>
    public static void Say(string line)
    {
        if (Diagnostics is { } sink)
        {
            sink.OnMessage(new DiagnosticMessage(line));
        }
        else
        {
            Console.Error.WriteLine(line);
        }
    }
}
