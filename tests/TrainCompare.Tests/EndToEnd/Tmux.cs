using System.Diagnostics;

namespace TrainCompare.Tests.EndToEnd;

/// <summary>
/// A real terminal for the tests that look at what traincmp draws on one: a detached tmux session of a fixed
/// size on a tmux server of its own (its own socket, killed on Dispose), whose pane is read back with
/// capture-pane. The pane stays after its command exits, so its last screen can be read, and so does its exit status.
/// </summary>
internal sealed class Tmux : IDisposable
{
    /// <summary>Set by .ci/run (as is TRAINCMP_REQUIRE_BROWSER, which also counts): in CI a missing tmux fails the tests.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("TRAINCMP_REQUIRE_TMUX") == "1" || Browser.Required;

    /// <summary>tmux's path ($TMUX_PATH, or on PATH), or null when it is not installed.</summary>
    public static string? Executable { get; } = Find();

    /// <summary>Why the terminal tests cannot run here, with what to install; null when tmux starts a session.</summary>
    public static string? Unusable { get; } = Probe();

    private static string? Probe()
    {
        if (Executable is null)
        {
            return "needs tmux: apt-get install tmux (CI installs it and never skips)";
        }
        // installed is not enough: a container without pseudo-terminals, or a broken install, cannot start a session
        string socket = "traincmp-probe-" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in (string[])["-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "20", "-y", "5", "true", ";", "kill-server"])
            {
                start.ArgumentList.Add(arg);
            }
            using var process = Process.Start(start)!;
            _ = process.StandardOutput.ReadToEndAsync();
            string error = process.StandardError.ReadToEnd().Trim();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return "needs a working tmux: it did not start a session within 10 s (CI installs it and never skips)";
            }
            return process.ExitCode == 0 || error.Length == 0
                ? null
                : $"needs a working tmux: it cannot start a session here ({error.Split('\n')[0]}); check that /dev/pts is mounted (CI installs it and never skips)";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"needs a working tmux: {Executable} cannot be run ({e.Message})";
        }
    }

    private readonly string _socket = "traincmp-test-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _config;

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("TMUX_PATH") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "tmux")).FirstOrDefault(File.Exists);
    }

    /// <summary>Starts <paramref name="command"/> (run directly, no shell) in a <paramref name="width"/> × <paramref name="height"/> pane.</summary>
    public Tmux(string workingDirectory, int width, int height, params string[] command)
    {
        _ = Executable ?? throw new InvalidOperationException(
            "tmux is not installed: the terminal tests need it (apt-get install tmux, or set TMUX_PATH=/path)");
        // no user configuration; the pane stays when its command ends; room for every line the tests print
        _config = Path.Combine(workingDirectory, "tmux.conf");
        File.WriteAllText(_config, "set -g remain-on-exit on\nset -g history-limit 50000\n");
        // the exit status is written to a file by a shell around the command: tmux 3.3 sometimes never collects a
        // pane's exit status (the process stays a zombie); the shell's trap lets Ctrl-C reach the command alone.
        // env -u: a test's CI job must not get our job summaries; LC_ALL: tmux reads the output as UTF-8
        _status = Path.Combine(workingDirectory, "tmux-exit-status");
        Tmux_(["new-session", "-d", "-s", "t", "-x", width.ToString(Inv), "-y", height.ToString(Inv), "-c", workingDirectory,
            "sh", "-c", "trap : INT; \"$@\"; echo $? > \"$0.tmp\" && mv \"$0.tmp\" \"$0\"", _status,
            "env", "-u", "GITHUB_STEP_SUMMARY", "-u", "TMUX", "DOTNET_CLI_TELEMETRY_OPTOUT=1", "LC_ALL=C.UTF-8", .. command]);
    }

    private readonly string _status;

    private static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;

    /// <summary>The screen as it is now (visible rows only), or with the scrollback above it; wrapped lines joined.</summary>
    public string Capture(bool scrollback = false) =>
        Tmux_(scrollback ? ["capture-pane", "-p", "-J", "-S", "-", "-t", "t"] : ["capture-pane", "-p", "-J", "-t", "t"]);

    /// <summary>The pane's command's exit status once it has ended (128 + the signal when one killed it); null while it runs.</summary>
    public int? ExitStatus => File.Exists(_status) ? int.Parse(File.ReadAllText(_status).Trim(), Inv) : null;

    /// <summary>Keys typed into the pane, in tmux's names (C-c is Ctrl-C).</summary>
    public void SendKeys(params string[] keys) => Tmux_(["send-keys", "-t", "t", .. keys]);

    /// <summary>Polls (every 50 ms, up to <paramref name="timeout"/>) until <paramref name="condition"/> holds of the screen; returns that screen.</summary>
    public string WaitFor(Func<string, bool> condition, string what, TimeSpan timeout, bool scrollback = false)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string screen = Capture(scrollback);
            if (condition(screen))
            {
                return screen;
            }
            Assert.True(clock.Elapsed < timeout, $"timed out after {timeout.TotalSeconds} s waiting for {what}; the screen:\n{screen}");
            Thread.Sleep(50);
        }
    }

    /// <summary>Waits for the pane's command to end and returns its exit status.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (ExitStatus is { } status)
            {
                return status;
            }
            Assert.True(clock.Elapsed < timeout, $"the command did not end within {timeout.TotalSeconds} s; the screen:\n{Capture()}");
            Thread.Sleep(50);
        }
    }

    private string Tmux_(string[] args)
    {
        var start = new ProcessStartInfo(Executable!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["-L", _socket, "-f", _config, "-u", .. args])
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"tmux {string.Join(' ', args)}: exit {process.ExitCode}: {stderr}");
        return stdout.Result;
    }

    public void Dispose()
    {
        try
        {
            string socket = Tmux_(["display-message", "-p", "#{socket_path}"]).Trim();
            Tmux_(["kill-server"]); // this test's own server only (its own socket)
            File.Delete(socket); // tmux leaves it behind
        }
        catch (Xunit.Sdk.XunitException)
        {
            // already gone
        }
    }
}

/// <summary>
/// A test that needs tmux: skipped, saying why and how to enable it, on a machine where tmux is missing or cannot
/// start a session (no pseudo-terminals in a container, a broken install) — unless CI says it must run
/// (TRAINCMP_REQUIRE_TMUX=1 or TRAINCMP_REQUIRE_BROWSER=1), where it runs and fails. The reason is in the test's
/// name, so that `dotnet test`'s "Skipped" line says it without a verbose logger.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TerminalFactAttribute : FactAttribute
{
    public TerminalFactAttribute([System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        if (!Tmux.Required && Tmux.Unusable is { } why)
        {
            Skip = why;
            DisplayName = $"{test} (skipped: {why})";
        }
    }
}
