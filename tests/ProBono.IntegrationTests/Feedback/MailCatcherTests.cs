using System.Diagnostics;
using MailKit.Net.Smtp;
using MimeKit;
using ProBono.AppHost.Infrastructure;

namespace ProBono.IntegrationTests.Feedback;

/// <summary>
/// The local mail catcher (smtp4dev, the repository's dotnet tool) started with the AppHost's own arguments keeps the
/// 1,000 latest mails, so a demo play-through's first mails are still there when someone looks (smtp4dev alone keeps 100).
/// </summary>
public sealed class MailCatcherTests(ITestOutputHelper output)
{
    private const int Sent = MailCatcherArguments.DefaultMessagesToKeep + 20;

    [Fact]
    public async Task The_mail_catcher_started_as_the_AppHost_starts_it_keeps_the_latest_thousand_mails()
    {
        Assert.Equal(0, await Dotnet(TimeSpan.FromMinutes(3), "tool", "restore"));
        var (smtpPort, webPort) = (Ports.Free(), Ports.Free());
        using var catcher = Process.Start(new ProcessStartInfo("dotnet", ["tool", "run", "smtp4dev", "--", .. MailCatcherArguments.For(smtpPort, webPort)])
        {
            WorkingDirectory = Checkout.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        catcher.OutputDataReceived += (_, _) => { };
        catcher.ErrorDataReceived += (_, _) => { };
        catcher.BeginOutputReadLine();
        catcher.BeginErrorReadLine();
        try
        {
            using var web = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}"), Timeout = TimeSpan.FromSeconds(10) };
            await Eventually.True(async () => await Count(web) is not null, TimeSpan.FromSeconds(90), "smtp4dev's web API to answer");

            var clock = Stopwatch.StartNew();
            using (var smtp = new SmtpClient())
            {
                await smtp.ConnectAsync("127.0.0.1", smtpPort, MailKit.Security.SecureSocketOptions.None);
                for (var i = 0; i < Sent; i++)
                {
                    var mail = new MimeMessage { Subject = $"mail {i}", Body = new TextPart("plain") { Text = "kept?" } };
                    mail.From.Add(new MailboxAddress("Marathon Pro Bono", "marathon@probono.example"));
                    mail.To.Add(MailboxAddress.Parse($"person-{i}@example.org"));
                    await smtp.SendAsync(mail);
                }
                await smtp.DisconnectAsync(quit: true);
            }
            output.WriteLine($"{Sent} mails sent to smtp4dev in {clock.Elapsed.TotalSeconds:F1} s");

            // smtp4dev stores a message a moment after accepting it, and trims to what it keeps as it goes
            await Eventually.True(async () => await Count(web) == MailCatcherArguments.DefaultMessagesToKeep, TimeSpan.FromSeconds(60),
                $"smtp4dev to hold the latest {MailCatcherArguments.DefaultMessagesToKeep} of {Sent}");
        }
        finally
        {
            catcher.Kill(entireProcessTree: true);
            await catcher.WaitForExitAsync();
        }
    }

    /// <summary>How many messages smtp4dev holds (its paged list's row count), or null while it does not answer.</summary>
    private static async Task<int?> Count(HttpClient web)
    {
        try
        {
            var page = await web.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=1");
            return page.GetProperty("rowCount").GetInt32();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task<int> Dotnet(TimeSpan timeout, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = Checkout.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var cancel = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
        await process.WaitForExitAsync(cancel.Token);
        await Task.WhenAll(stdout, stderr);
        return process.ExitCode;
    }
}
