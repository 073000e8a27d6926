using ProBono.Feedback;

var builder = WebApplication.CreateBuilder(args);
builder.AddFeedback();
var app = builder.Build();
app.MapFeedback();
app.Run();
