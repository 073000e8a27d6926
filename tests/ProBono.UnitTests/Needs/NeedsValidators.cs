using System.Security.Claims;
using ProBono.Needs;

namespace ProBono.UnitTests.Needs;

/// <summary>Needs' request validators as the service registers them.</summary>
internal static class NeedsValidators
{
    private static readonly ServiceValidators Validators = new(typeof(NeedsService).Assembly);

    /// <summary>The request (sent by <paramref name="caller"/>, if named) is refused with a 400 naming exactly <paramref name="fields"/>.</summary>
    public static ValidationFailed AssertInvalid<TRequest>(TRequest request, ClaimsPrincipal? caller, params string[] fields) =>
        Validators.AssertInvalid(request, caller, fields);

    public static void AssertValid<TRequest>(TRequest request, ClaimsPrincipal? caller = null) => Validators.AssertValid(request, caller);
}
