namespace ProBono.ServiceDefaults.Messaging;

/// <summary>
/// A value an entity copy keeps from upstream messages that may arrive in any order (they travel on separate queues):
/// it keeps the upstream stream version it came from, and an older message never overwrites a newer one.
/// </summary>
public sealed class Latest<T>
{
    public T? Value { get; set; }

    public long Version { get; set; }

    /// <summary>Takes <paramref name="value"/> when <paramref name="version"/> is newer than the one held.</summary>
    public void Offer(T value, long version)
    {
        if (version > Version)
        {
            Value = value;
            Version = version;
        }
    }
}
