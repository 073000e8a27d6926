using FluentValidation;
using ProBono.Recruitment;

namespace ProBono.UnitTests.Recruitment;

/// <summary>Recruitment's request validators as the service registers them.</summary>
internal static class RecruitmentValidators
{
    private static readonly ServiceValidators Validators = new(typeof(RecruitmentService).Assembly);

    public static IValidator<TRequest> Of<TRequest>() => Validators.Of<TRequest>();

    /// <summary>The request is refused with a 400 naming exactly <paramref name="fields"/>, each with a message.</summary>
    public static ValidationFailed AssertInvalid<TRequest>(TRequest request, params string[] fields) => Validators.AssertInvalid(request, null, fields);

    public static void AssertValid<TRequest>(TRequest request) => Validators.AssertValid(request);
}
