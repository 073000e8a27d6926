using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using ProBono.Needs;
using ProBono.ServiceDefaults.Problems;
using ProBono.ServiceDefaults.Validation;

namespace ProBono.UnitTests.Needs;

/// <summary>Needs' request validators as the service registers them (same conventions, same scan).</summary>
internal static class NeedsValidators
{
    private static readonly ServiceProvider Services =
        new ServiceCollection().AddRequestValidators(typeof(NeedsService).Assembly).BuildServiceProvider();

    /// <summary>The request (sent by <paramref name="caller"/>, if named) is refused with a 400 naming exactly <paramref name="fields"/>.</summary>
    public static ValidationFailed AssertInvalid<TRequest>(TRequest request, System.Security.Claims.ClaimsPrincipal? caller, params string[] fields)
    {
        var result = Validate(request, caller);
        Assert.False(result.IsValid, $"expected errors for {string.Join(", ", fields)}");
        var failed = result.ToValidationFailed();
        Assert.Equal(fields.Order(StringComparer.Ordinal), failed.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(failed.Errors.Values, messages => Assert.NotEmpty(messages));
        return failed;
    }

    public static void AssertValid<TRequest>(TRequest request, System.Security.Claims.ClaimsPrincipal? caller = null)
    {
        var result = Validate(request, caller);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")));
    }

    private static FluentValidation.Results.ValidationResult Validate<TRequest>(TRequest request, System.Security.Claims.ClaimsPrincipal? caller)
    {
        var validator = Services.GetRequiredService<IValidator<TRequest>>();
        return caller is null ? validator.Validate(request) : validator.Validate(RequestValidation.ForCaller(request, caller));
    }
}
