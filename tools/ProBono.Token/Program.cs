using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

// probono-token: mints a local development JWT (HS256) for one role, as API.md describes.
//   dotnet run --project tools/ProBono.Token -- staff
//   dotnet run --project tools/ProBono.Token -- partner edf
//   dotnet run --project tools/ProBono.Token -- association <associationId>
//   dotnet run --project tools/ProBono.Token -- volunteer <volunteerId>
// Options: --key K (default: $PROBONO_SIGNING_KEY, else the development key), --hours N (default 8), --sub S.

const string DevelopmentKey = "probono-local-development-signing-key-0123456789";
var claimFor = new Dictionary<string, string>
{
    ["partner"] = "partner_id",
    ["association"] = "association_id",
    ["volunteer"] = "volunteer_id",
};

var positional = new List<string>();
var options = new Dictionary<string, string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
    {
        options[args[i][2..]] = args[++i];
    }
    else
    {
        positional.Add(args[i]);
    }
}

if (positional.Count == 0 || (positional[0] != "staff" && !claimFor.ContainsKey(positional[0])))
{
    Console.Error.WriteLine("usage: probono-token staff | partner <partnerId> | association <associationId> | volunteer <volunteerId> [--key K] [--hours N] [--sub S]");
    return 2;
}
var role = positional[0];
if (role != "staff" && positional.Count < 2)
{
    Console.Error.WriteLine($"a {role} token needs its {claimFor[role]}: probono-token {role} <id>");
    return 2;
}

var key = options.GetValueOrDefault("key") ?? Environment.GetEnvironmentVariable("PROBONO_SIGNING_KEY") ?? DevelopmentKey;
var hours = int.Parse(options.GetValueOrDefault("hours") ?? "8", System.Globalization.CultureInfo.InvariantCulture);
var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
var payload = new Dictionary<string, object>
{
    ["iss"] = "probono-local",
    ["aud"] = "probono-api",
    ["sub"] = options.GetValueOrDefault("sub") ?? (role == "staff" ? "staff-local" : $"{role}-{positional[1]}"),
    ["role"] = role,
    ["iat"] = now,
    ["nbf"] = now - 5,
    ["exp"] = now + hours * 3600L,
};
if (role != "staff")
{
    payload[claimFor[role]] = positional[1];
}

static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
var body = Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload));
var signature = Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"{header}.{body}")));
Console.WriteLine($"{header}.{body}.{signature}");
return 0;
