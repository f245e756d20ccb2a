using System.Diagnostics;

namespace KerjasamaGraph.Tests.Web;

/// <summary>
/// `dotnet run --project Client -- …` as the README types it, from the repository root: the program works in the folder
/// the command is typed in (the web SDK the client is built with would otherwise run it in Client/, where
/// scenarios/… is not found and serve shows an empty library).
/// </summary>
public sealed class DotnetRunTests
{
    [Fact]
    public async Task Dotnet_run_works_in_the_folder_it_is_typed_in()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = ServeProcess.RepositoryRoot(),
        };
        foreach (var a in new[] { "run", "--project", "Client", "-c", configuration, "--no-build", "--", "validate", "scenarios/jambi-province.yaml" })
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await error);
        Assert.StartsWith("scenarios/jambi-province.yaml: valid", await output);
    }
}
