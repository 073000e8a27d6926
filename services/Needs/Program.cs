using ProBono.Needs;

var builder = WebApplication.CreateBuilder(args);
builder.AddNeeds();
var app = builder.Build();
app.MapNeeds();
app.Run();
