namespace ProBono.Needs;

/// <summary>The Needs process. Public so that tests can host it (WebApplicationFactory).</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddNeeds();
        var app = builder.Build();
        app.MapNeeds();
        app.Run();
    }
}
