namespace ProBono.Feedback;

/// <summary>The Feedback process. Public so that tests can host it (WebApplicationFactory).</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddFeedback();
        var app = builder.Build();
        app.MapFeedback();
        app.Run();
    }
}
