namespace ProBono.Webhooks;

/// <summary>The Webhooks process. Public so that tests can host it (WebApplicationFactory).</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddWebhooks();
        var app = builder.Build();
        app.MapWebhooks();
        app.Run();
    }
}
