using System.Reflection;
using System.Security.Claims;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.DependencyInjection;
using ProBono.ServiceDefaults.EventSourcing;

namespace ProBono.UnitTests;

/// <summary>A service's request validators as the service registers them (same conventions, same assembly scan).</summary>
internal sealed class ServiceValidators(Assembly service)
{
    private readonly ServiceProvider services = new ServiceCollection().AddRequestValidators(service).BuildServiceProvider();

    public IValidator<TRequest> Of<TRequest>() => services.GetRequiredService<IValidator<TRequest>>();

    /// <summary>The request (sent by <paramref name="caller"/>, if named) is refused with a 400 naming exactly <paramref name="fields"/>.</summary>
    public ValidationFailed AssertInvalid<TRequest>(TRequest request, ClaimsPrincipal? caller, params string[] fields)
    {
        var result = Validate(request, caller);
        Assert.False(result.IsValid, $"expected errors for {string.Join(", ", fields)}");
        var failed = result.ToValidationFailed();
        Assert.Equal(400, failed.Status);
        Assert.Equal(fields.Order(StringComparer.Ordinal), failed.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(failed.Errors.Values, messages => Assert.NotEmpty(messages));
        return failed;
    }

    public void AssertValid<TRequest>(TRequest request, ClaimsPrincipal? caller = null)
    {
        var result = Validate(request, caller);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")));
    }

    private ValidationResult Validate<TRequest>(TRequest request, ClaimsPrincipal? caller) =>
        caller is null ? Of<TRequest>().Validate(request) : Of<TRequest>().Validate(RequestValidation.ForCaller(request, caller));
}
