using System.Text.RegularExpressions;

namespace ProBono.ServiceDefaults.Problems;

/// <summary>
/// What the framework says about a request it could not read, fit for the caller: without the names of our types
/// (System.Text.Json names the .NET type a value would not convert to, minimal APIs the parameter's type). The JSON
/// path and the reason stay, so the caller still knows what to fix.
/// </summary>
public static partial class PublicText
{
    public static string Of(string message)
    {
        var text = QualifiedTypeName().Replace(message, "the expected type");
        return TypedParameter().Replace(text, "parameter '$1'");
    }

    /// <summary>A namespace-qualified .NET type name, generic arguments and all (<c>System.Nullable`1[System.Guid]</c>).</summary>
    [GeneratedRegex(@"'?\b(?:System|Microsoft|ProBono|Marten|JasperFx|Npgsql|MassTransit|Weasel)(?:[.+][\w`]+)+(?:\[[^\]\s]*\])*'?")]
    private static partial Regex QualifiedTypeName();

    /// <summary>Minimal APIs' <c>parameter "Guid marathonId"</c>: the type goes, the name stays.</summary>
    [GeneratedRegex("""parameter "[^"\s]+ (\w+)"(?: from the request body as JSON)?""")]
    private static partial Regex TypedParameter();
}
