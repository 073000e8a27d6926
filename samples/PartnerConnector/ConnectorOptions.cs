namespace ProBono.PartnerConnector;

/// <summary>
/// What the connector is told: the "Connector" section of appsettings.json, <c>Connector__Token</c>-style environment
/// variables (keep the token and the secret out of the command line and out of files) or the switches below.
/// </summary>
internal sealed class ConnectorOptions
{
    public const string Section = "Connector";

    /// <summary>The command line's switches, each the name of a setting of the section.</summary>
    public static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--gateway"] = $"{Section}:{nameof(Gateway)}",
        ["--token"] = $"{Section}:{nameof(Token)}",
        ["--marathon"] = $"{Section}:{nameof(MarathonId)}",
        ["--partner"] = $"{Section}:{nameof(PartnerId)}",
        ["--csv"] = $"{Section}:{nameof(Csv)}",
        ["--port"] = $"{Section}:{nameof(Port)}",
        ["--secret"] = $"{Section}:{nameof(WebhookSecret)}",
        ["--reports"] = $"{Section}:{nameof(Reports)}",
    };

    public const string Usage = """
        ProBono partner connector: registers the employees of an HR CSV for a marathon, then listens for webhooks.
          --gateway URL       the ProBono gateway, e.g. http://localhost:5080
          --token JWT         the partner's bearer token (better: the Connector__Token environment variable)
          --marathon ID       the marathon's id
          --csv PATH          the HR CSV to import (optional: without it, only webhooks)
          --port N            listen for webhooks on http://localhost:N/webhooks (optional: without it, import only)
          --secret whsec_...  the webhook's signing secret (required with --port; or Connector__WebhookSecret)
          --reports FOLDER    where impact reports are saved (default: reports)
          --partner ID        only with a staff token: the partner the employees belong to
        """;

    public Uri? Gateway { get; set; }

    public string? Token { get; set; }

    public Guid MarathonId { get; set; }

    public string? PartnerId { get; set; }

    public string? Csv { get; set; }

    public int Port { get; set; }

    public string? WebhookSecret { get; set; }

    public string Reports { get; set; } = "reports";

    /// <summary>What is missing or wrong, one line each; none when the connector can start.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Gateway is not { IsAbsoluteUri: true } || Gateway.Scheme is not ("http" or "https"))
        {
            problems.Add("--gateway: an http(s) URL of the gateway is required.");
        }
        if (string.IsNullOrWhiteSpace(Token))
        {
            problems.Add("--token (or Connector__Token): the bearer token is required.");
        }
        if (MarathonId == Guid.Empty)
        {
            problems.Add("--marathon: the marathon's id is required.");
        }
        if (Csv is null && Port == 0)
        {
            problems.Add("Nothing to do: give --csv, --port or both.");
        }
        if (Csv is not null && !File.Exists(Csv))
        {
            problems.Add($"--csv: no file '{Csv}'.");
        }
        if (Port is < 0 or > 65535)
        {
            problems.Add("--port: a port between 1 and 65535.");
        }
        if (Port > 0 && !WebhookSignatures.IsSecret(WebhookSecret))
        {
            problems.Add("--secret: the webhook's secret, as POST /api/webhooks gave it (whsec_ and base64), is required to listen.");
        }
        return problems;
    }
}
