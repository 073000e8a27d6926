namespace ProBono.Gateway;

/// <summary>The gateway process. Public so that tests can host it (WebApplicationFactory).</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddGateway();
        var app = builder.Build();
        app.MapGateway();
        app.Run();
    }
}
