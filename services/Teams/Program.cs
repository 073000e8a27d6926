namespace ProBono.Teams;

/// <summary>The Teams process. Public so that tests can host it (WebApplicationFactory).</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddTeams();
        var app = builder.Build();
        app.MapTeams();
        app.Run();
    }
}
