namespace ExerciseFunctions.Infra.Tests.Support;

public sealed class ProcessRunnerTests
{
    [Fact]
    public async Task A_tool_past_its_limit_is_killed_with_what_it_started()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"runner-{Guid.NewGuid():N}.pid");
        try
        {
            // bash starts a grandchild that would outlive a kill of bash alone.
            var run = ProcessRunner.RunAsync("bash", Path.GetTempPath(), ["-c", $"sleep 120 & echo $! > {pidFile}; wait"], limit: TimeSpan.FromSeconds(2));

            var error = await Assert.ThrowsAsync<TimeoutException>(() => run);

            Assert.Contains("was killed", error.Message);
            var grandchild = int.Parse(File.ReadAllText(pidFile));
            Assert.False(Directory.Exists($"/proc/{grandchild}") && !File.ReadAllText($"/proc/{grandchild}/stat").Contains(") Z "), $"sleep {grandchild} still runs");
        }
        finally
        {
            File.Delete(pidFile);
        }
    }
}
