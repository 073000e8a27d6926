using System.Collections;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.IntegrationTests.OldEvents;

/// <summary>
/// A service's domain events, found in its assembly the way Marten finds them: the event each aggregate or projection
/// document is created from (<c>Create(e)</c>) or applies (<c>Apply(e)</c>), and each event its relay publishes
/// (<see cref="IntegrationEventMap"/>). Integration events of other services (<c>ProBono.Contracts</c>) are not its own.
/// </summary>
internal static class DomainEvents
{
    public static IReadOnlyList<Type> Of(Assembly service)
    {
        var applied = service.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.Name is "Create" or "Apply" && m.GetParameters().Length > 0)
            .Select(m => m.GetParameters()[0].ParameterType);
        var published = service.GetTypes()
            .Where(t => typeof(IntegrationEventMap).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => ((IntegrationEventMap)Activator.CreateInstance(t, nonPublic: true)!).DomainEventTypes);
        return [.. applied.Concat(published).Where(t => t.Assembly == service && t is { IsInterface: false, IsAbstract: false }).Distinct().OrderBy(t => t.Name, StringComparer.Ordinal)];
    }

    /// <summary>The aggregates (and projection documents) a stream of the service folds into: types with a static <c>Create(event)</c>.</summary>
    public static IReadOnlyList<(Type Aggregate, IReadOnlyList<Type> Starts, IReadOnlyList<Type> Applies)> Aggregates(Assembly service)
    {
        var events = Of(service).ToHashSet();
        return
        [
            .. from type in service.GetTypes().OrderBy(t => t.FullName, StringComparer.Ordinal)
               let methods = type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
               let starts = methods.Where(m => m is { Name: "Create", IsStatic: true } && m.ReturnType == type && m.GetParameters().Length == 1)
                   .Select(m => m.GetParameters()[0].ParameterType).Where(events.Contains).ToList()
               where starts.Count > 0
               let applies = methods.Where(m => m.Name == "Apply" && m.GetParameters().Length > 0)
                   .Select(m => m.GetParameters()[0].ParameterType).Where(events.Contains).Except(starts).ToList()
               select (type, (IReadOnlyList<Type>)starts, (IReadOnlyList<Type>)applies),
        ];
    }
}

/// <summary>
/// A representative instance of an event: every member set, none to its default (a member lost on the way back then
/// shows). Ids are derived from the member's name, so the events of one service agree on the marathon, need, volunteer
/// they name; the elements of a list differ from one another.
/// </summary>
internal static class SampleValues
{
    private static readonly DateTimeOffset Day = new(2026, 11, 16, 9, 30, 0, TimeSpan.Zero);

    public static object Of(Type type) => Value(type, "", "", 0)!;

    private static int Hash(string name) => BitConverter.ToUInt16(MD5.HashData(Encoding.UTF8.GetBytes(name)), 0);

    private static object? Value(Type type, string name, string salt, int depth)
    {
        var key = (name + salt).ToLowerInvariant();
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Value(inner, name, salt, depth);
        }
        if (type == typeof(string) || type == typeof(object))
        {
            return $"{name}{salt} sample";
        }
        if (type == typeof(Guid))
        {
            return new Guid(MD5.HashData(Encoding.UTF8.GetBytes($"old-events/{key}")));
        }
        if (type == typeof(bool))
        {
            return true;
        }
        if (type == typeof(int) || type == typeof(long) || type == typeof(short))
        {
            return Convert.ChangeType(2 + Hash(key) % 5, type, System.Globalization.CultureInfo.InvariantCulture);
        }
        if (type == typeof(decimal))
        {
            return 40.5m + Hash(key) % 50;
        }
        if (type == typeof(double) || type == typeof(float))
        {
            return Convert.ChangeType(0.75, type, System.Globalization.CultureInfo.InvariantCulture);
        }
        if (type == typeof(DateTimeOffset))
        {
            return Day.AddMinutes(Hash(key) % 300);
        }
        if (type == typeof(DateTime))
        {
            return Day.AddMinutes(Hash(key) % 300).UtcDateTime;
        }
        if (type == typeof(DateOnly))
        {
            return DateOnly.FromDateTime(Day.Date).AddDays(-(Hash(key) % 30));
        }
        if (type == typeof(TimeOnly))
        {
            return new TimeOnly(9, Hash(key) % 60);
        }
        if (type == typeof(TimeSpan))
        {
            return TimeSpan.FromMinutes(5 + Hash(key) % 60);
        }
        if (type.IsEnum)
        {
            return Enum.GetValues(type).Cast<object>().Last();
        }
        if (type.IsArray)
        {
            var element = type.GetElementType()!;
            var array = Array.CreateInstance(element, 2);
            array.SetValue(Value(element, name, salt + "1", depth + 1), 0);
            array.SetValue(Value(element, name, salt + "2", depth + 1), 1);
            return array;
        }
        if (type.IsGenericType && Dictionary(type) is { } pair)
        {
            var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(pair.Key, pair.Value))!;
            dictionary.Add(Value(pair.Key, name + "Key", salt + "1", depth + 1)!, Value(pair.Value, name, salt + "1", depth + 1));
            return dictionary;
        }
        if (type.IsGenericType && type.GetGenericArguments() is [var item] && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var set = type.Name.Contains("Set", StringComparison.Ordinal);
            var collection = Activator.CreateInstance((set ? typeof(HashSet<>) : typeof(List<>)).MakeGenericType(item))!;
            var add = collection.GetType().GetMethod("Add")!;
            add.Invoke(collection, [Value(item, name, salt + "1", depth + 1)]);
            add.Invoke(collection, [Value(item, name, salt + "2", depth + 1)]);
            return collection;
        }
        if (depth > 6)
        {
            return null;
        }
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var parameters = constructor.GetParameters();
        var instance = constructor.Invoke([.. parameters.Select(p => Value(p.ParameterType, p.Name!, salt, depth + 1))]);
        foreach (var property in type.GetProperties().Where(p => p.SetMethod is { IsPublic: true }
            && !parameters.Any(c => string.Equals(c.Name, p.Name, StringComparison.OrdinalIgnoreCase))))
        {
            property.SetValue(instance, Value(property.PropertyType, property.Name, salt, depth + 1));
        }
        return instance;
    }

    private static KeyValuePair<Type, Type>? Dictionary(Type type) =>
        type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)) is { } d
            ? new(d.GetGenericArguments()[0], d.GetGenericArguments()[1])
            : null;
}
