using ProBono.Token;

// probono-token: mints a local development JWT (HS256) for one role, as API.md describes.
//   dotnet run --project tools/ProBono.Token -- staff
//   dotnet run --project tools/ProBono.Token -- partner edf
//   dotnet run --project tools/ProBono.Token -- association <associationId>
//   dotnet run --project tools/ProBono.Token -- volunteer <volunteerId>
// Options: --key K (default: $PROBONO_SIGNING_KEY, else the development key), --hours N (default 8), --sub S.

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

var key = options.GetValueOrDefault("key") ?? Environment.GetEnvironmentVariable("PROBONO_SIGNING_KEY") ?? Tokens.DevelopmentKey;
var hours = int.Parse(options.GetValueOrDefault("hours") ?? "8", System.Globalization.CultureInfo.InvariantCulture);
var claims = role == "staff" ? new Dictionary<string, string>() : new Dictionary<string, string> { [claimFor[role]] = positional[1] };
Console.WriteLine(Tokens.Mint(role, claims, key, TimeSpan.FromHours(hours), options.GetValueOrDefault("sub")));
return 0;
