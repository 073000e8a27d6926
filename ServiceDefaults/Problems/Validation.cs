namespace ProBono.ServiceDefaults.Problems;

/// <summary>Collects field errors of one request; <see cref="ThrowIfAny"/> answers 400 with all of them at once.</summary>
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

    public Validation Require(string field, string? value, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"'{field}' is required.");
        }
        else if (value.Length > maxLength)
        {
            Add(field, $"'{field}' must be at most {maxLength} characters.");
        }
        return this;
    }

    public Validation Require<T>(string field, T? value) where T : struct
    {
        if (value is null)
        {
            Add(field, $"'{field}' is required.");
        }
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

    public Validation Range(string field, decimal? value, decimal min, decimal max)
    {
        if (value is { } v && (v < min || v > max))
        {
            Add(field, $"'{field}' must be between {min} and {max}.");
        }
        return this;
    }

    public Validation Slug(string field, string? value)
    {
        if (!string.IsNullOrEmpty(value) && !Slugs.IsValid(value))
        {
            Add(field, $"'{field}' must be a slug: 1-64 lower-case letters, digits or '-', starting with a letter or digit.");
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
