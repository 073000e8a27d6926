using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using ProBono.Recruitment;
using ProBono.ServiceDefaults.Problems;
using ProBono.ServiceDefaults.Validation;

namespace ProBono.UnitTests.Recruitment;

/// <summary>Recruitment's request validators as the service registers them (same conventions, same scan).</summary>
internal static class RecruitmentValidators
{
    private static readonly ServiceProvider Services =
        new ServiceCollection().AddRequestValidators(typeof(RecruitmentService).Assembly).BuildServiceProvider();

    public static IValidator<TRequest> Of<TRequest>() => Services.GetRequiredService<IValidator<TRequest>>();

    /// <summary>The request is refused with a 400 naming exactly <paramref name="fields"/>, each with a message.</summary>
    public static ValidationFailed AssertInvalid<TRequest>(TRequest request, params string[] fields)
    {
        var result = Of<TRequest>().Validate(request);
        Assert.False(result.IsValid, $"expected errors for {string.Join(", ", fields)}");
        var failed = result.ToValidationFailed();
        Assert.Equal(400, failed.Status);
        Assert.Equal(fields.Order(StringComparer.Ordinal), failed.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(failed.Errors.Values, messages => Assert.NotEmpty(messages));
        return failed;
    }

    public static void AssertValid<TRequest>(TRequest request)
    {
        var result = Of<TRequest>().Validate(request);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")));
    }
}
