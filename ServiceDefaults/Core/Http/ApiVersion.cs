namespace ProBono.ServiceDefaults.Http;

/// <summary>
/// The public API's version, written as <c>info.version</c> of every OpenAPI document. The ProBono.Client package
/// takes its version from this line (clients/dotnet reads it), so a client names the API it was generated from.
/// Minor: fields or endpoints added (API.md: add freely, rename none); major: a break.
/// </summary>
public static class ApiVersion
{
    public const string Current = "1.1.0";
}
