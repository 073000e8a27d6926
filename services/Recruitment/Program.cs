namespace ProBono.Recruitment;

/// <summary>The Recruitment process. Public so that tests can host it (WebApplicationFactory).</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddRecruitment();
        var app = builder.Build();
        app.MapRecruitment();
        app.Run();
    }
}
