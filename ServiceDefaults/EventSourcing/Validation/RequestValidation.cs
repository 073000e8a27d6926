using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.ServiceDefaults.EventSourcing;

/// <summary>
/// Request bodies are checked by the FluentValidation validator that sits beside each use case; a refusal is a
/// <see cref="ValidationFailed"/> (RFC 9457 400) whose keys are the JSON paths the caller sent (<c>partners[0].quota</c>).
/// </summary>
public static class RequestValidation
{
    private static readonly string[] BodyRequired = ["A JSON body is required."];

    /// <summary>Every validator of <paramref name="assembly"/>, with the conventions of <see cref="UseApiConventions"/>.</summary>
    public static IServiceCollection AddRequestValidators(this IServiceCollection services, Assembly assembly)
    {
        UseApiConventions();
        return services.AddValidatorsFromAssembly(assembly, includeInternalTypes: true);
    }

    /// <summary>
    /// Names failures by the JSON path the caller wrote (<c>partners[0].partnerId</c>), not the C# one, both as the
    /// error's key and in its message. Global because FluentValidation's naming is; setting it twice changes nothing.
    /// (The cascade stays FluentValidation's default: a rule-level Stop would also stop a RuleForEach at its first bad
    /// item. The rules of <see cref="Rules"/> each report one problem, so a chain rarely needs it.)
    /// </summary>
    public static void UseApiConventions()
    {
        ValidatorOptions.Global.PropertyNameResolver = JsonPropertyName;
        ValidatorOptions.Global.DisplayNameResolver = JsonPropertyName;
    }

    private static string? JsonPropertyName(Type type, MemberInfo? member, System.Linq.Expressions.LambdaExpression? expression)
    {
        var chain = expression is null ? null : PropertyChain.FromExpression(expression).ToString();
        var name = string.IsNullOrEmpty(chain) ? member?.Name : chain;
        return name is null ? null : string.Join('.', name.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
    }

    /// <summary>
    /// Validates the handler's <typeparamref name="TRequest"/> argument before the handler runs: no body, or a body its
    /// <see cref="IValidator{T}"/> refuses, answers 400 and the handler never sees it. With <paramref name="bodyOptional"/>,
    /// no body at all is fine (the handler gets null) and a body that is sent is checked.
    /// </summary>
    public static RouteHandlerBuilder ValidateRequest<TRequest>(this RouteHandlerBuilder endpoint, bool bodyOptional = false) where TRequest : class
    {
        endpoint.AddEndpointFilterFactory((factory, next) =>
        {
            var at = Array.FindIndex(factory.MethodInfo.GetParameters(), p => p.ParameterType == typeof(TRequest));
            if (at < 0)
            {
                // a wiring mistake, found when the endpoint is built rather than on the first request
                throw new InvalidOperationException($"{factory.MethodInfo} takes no {typeof(TRequest).Name} to validate.");
            }
            return async context =>
            {
                var request = context.GetArgument<TRequest?>(at);
                if (request is null)
                {
                    return bodyOptional
                        ? await next(context)
                        : throw new ValidationFailed(new Dictionary<string, string[]> { ["body"] = BodyRequired });
                }
                var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<TRequest>>();
                var result = await validator.ValidateAsync(ForCaller(request, context.HttpContext.User), context.HttpContext.RequestAborted);
                if (!result.IsValid)
                {
                    throw result.ToValidationFailed();
                }
                return await next(context);
            };
        });
        return endpoint.ProducesValidationProblem();
    }

    /// <summary>
    /// The 400 for a refused <paramref name="result"/>: messages grouped per field. For code that validates without
    /// <see cref="ValidateRequest{TRequest}"/>, e.g. a bulk import reporting each row.
    /// </summary>
    public static ValidationFailed ToValidationFailed(this ValidationResult result) =>
        result.IsValid
            ? throw new InvalidOperationException("A valid result is no failure.")
            : new ValidationFailed(result.ToDictionary());

    private const string CallerKey = "caller";

    /// <summary>
    /// What to validate, with who sends it: a rule that depends on the caller (staff must name the partner a partner's
    /// token already names) reads it with <see cref="Caller{T}"/>. The endpoint filter and per-row validation both use it.
    /// </summary>
    public static ValidationContext<T> ForCaller<T>(T request, ClaimsPrincipal caller)
    {
        var context = new ValidationContext<T>(request);
        context.RootContextData[CallerKey] = caller;
        return context;
    }

    /// <summary>The caller given by <see cref="ForCaller{T}"/>; null when the request is validated on its own (unit tests).</summary>
    public static ClaimsPrincipal? Caller<T>(this ValidationContext<T> context) =>
        context.RootContextData.TryGetValue(CallerKey, out var caller) ? caller as ClaimsPrincipal : null;
}
