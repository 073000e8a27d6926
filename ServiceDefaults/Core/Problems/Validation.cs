namespace ProBono.ServiceDefaults.Problems;

/// <summary>
/// Collects field errors of what no validator reads (query parameters: paging); <see cref="ThrowIfAny"/> answers 400
/// with all of them at once. Request bodies are checked by FluentValidation (ServiceDefaults/Validation).
/// </summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool HasErrors => errors.Count > 0;

    public Validation Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }
        list.Add(message);
        return this;
    }

    public Validation Range(string field, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            Add(field, $"'{field}' must be between {min} and {max}.");
        }
        return this;
    }

    public void ThrowIfAny()
    {
        if (HasErrors)
        {
            throw new ValidationFailed(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }
}

public static class Slugs
{
    public static bool IsValid(string value) =>
        value.Length is > 0 and <= 64
        && char.IsAsciiLetterOrDigit(value[0])
        && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
