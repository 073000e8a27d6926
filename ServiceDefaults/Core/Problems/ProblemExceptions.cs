namespace ProBono.ServiceDefaults.Problems;

/// <summary>
/// What a caller did wrong, thrown by deciders and handlers and turned into an RFC 9457 response by
/// <see cref="ProblemExceptionHandler"/>. Nothing has been written when one of these is thrown.
/// </summary>
public abstract class ProblemException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;

    /// <summary>Members the problem carries beside the standard ones (e.g. what a refused completion is missing).</summary>
    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);
}

/// <summary>400: the request is malformed; <see cref="Errors"/> maps each field to its messages.</summary>
public sealed class ValidationFailed(IDictionary<string, string[]> errors)
    : ProblemException(400, "One or more fields are invalid.", "See errors for each field.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>403: the caller may not touch another tenant's resource.</summary>
public sealed class Forbidden(string detail) : ProblemException(403, "Forbidden", detail);

/// <summary>404.</summary>
public sealed class NotFound(string detail) : ProblemException(404, "Not found", detail);

/// <summary>409: the resource's state does not allow this move (e.g. publishing a rejected need).</summary>
public sealed class StateConflict(string detail) : ProblemException(409, "State conflict", detail);

/// <summary>412: <c>If-Match</c> named a version that is no longer current.</summary>
public sealed class PreconditionFailed(string detail) : ProblemException(412, "Precondition failed", detail);

/// <summary>422: a well-formed request that the rules forbid.</summary>
public sealed class RuleViolated(string detail) : ProblemException(422, "Rule violated", detail);

/// <summary>415: the body's media type is not one this endpoint reads.</summary>
public sealed class UnsupportedMediaType(string detail) : ProblemException(415, "Unsupported media type", detail);

/// <summary>413: the body holds more than this endpoint takes in one call.</summary>
public sealed class TooLarge(string detail) : ProblemException(413, "Request too large", detail);
