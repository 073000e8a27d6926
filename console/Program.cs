namespace ProBono.StaffConsole;

/// <summary>The staff console's process. Public so that tests can host it (WebApplicationFactory).</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddStaffConsole();
        var app = builder.Build();
        app.MapStaffConsole();
        app.Run();
    }
}
