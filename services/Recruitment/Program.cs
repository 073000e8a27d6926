using ProBono.Recruitment;

var builder = WebApplication.CreateBuilder(args);
builder.AddRecruitment();
var app = builder.Build();
app.MapRecruitment();
app.Run();
