using ProBono.Teams;

var builder = WebApplication.CreateBuilder(args);
builder.AddTeams();
var app = builder.Build();
app.MapTeams();
app.Run();
